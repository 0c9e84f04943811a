// Parse an iCalendar feed from stdin with ical.js, as Thunderbird does, and print what it read as
// JSON: each VEVENT's UID, summary, status, sequence, GEO and its start/end as UTC instants (or dates).
// Time zones come only from the feed's own VTIMEZONE blocks: a TZID without one reads as floating
// time, which the Python tests catch because they run this under an unusual TZ.
import ICAL from "ical.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const root = new ICAL.Component(ICAL.parse(Buffer.concat(chunks).toString("utf8")));

const timezones = root.getAllSubcomponents("vtimezone").map((vtz) => {
  const zone = new ICAL.Timezone(vtz);
  ICAL.TimezoneService.register(zone, vtz.getFirstPropertyValue("tzid"));
  return vtz.getFirstPropertyValue("tzid");
});

const when = (time) => (time.isDate ? time.toString() : time.toJSDate().toISOString());

const events = root.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    summary: event.summary,
    description: event.description,
    location: event.location,
    status: vevent.getFirstPropertyValue("status"),
    sequence: event.sequence,
    start: when(event.startDate),
    end: when(event.endDate),
    tzid: vevent.getFirstProperty("dtstart").getParameter("tzid") || null,
    url: vevent.getFirstPropertyValue("url"),
    geo: vevent.getFirstPropertyValue("geo"),
  };
});

process.stdout.write(JSON.stringify({
  prodid: root.getFirstPropertyValue("prodid"),
  method: root.getFirstPropertyValue("method"),
  timezones,
  events,
}));
