// A copyable address (a feed's URL) is selected whole when clicked, ready for Ctrl+C.
document.addEventListener("click", function (event) {
  var field = event.target.closest && event.target.closest("input[data-select-on-click]");
  if (field) field.select();
});
