// Tell the server the browser's time zone (cookie browser_tz), so pages can show times in it.
// Pages stay fully readable without this script: they fall back to the organisers' zone.
(function () {
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) return;
  // A form that asks for the visitor's zone starts from the device's (the visitor can change it).
  var picker = document.querySelector("select[data-prefill-browser-zone]");
  if (picker && picker.querySelector('option[value="' + zone + '"]')) picker.value = zone;
  var match = document.cookie.match(/(?:^|;\s*)browser_tz=([^;]*)/);
  var stored = match ? match[1] : null;
  if (stored === zone) return;
  // IANA names use only cookie-safe characters (letters, "/", "_", "-", "+"): stored as they are.
  if (!/^[A-Za-z0-9\/_+-]{1,64}$/.test(zone)) return;
  document.cookie = "browser_tz=" + zone + "; path=/; max-age=31536000; samesite=lax";
  var saved = document.cookie.indexOf("browser_tz=" + zone) !== -1;
  // Reload once so the server can use the zone (times, or the "your device is set to" banner).
  var guard = "zone-reloaded-" + zone;
  try { if (sessionStorage.getItem(guard)) return; sessionStorage.setItem(guard, "1"); } catch (e) { return; }
  if (saved) window.location.reload();
})();
