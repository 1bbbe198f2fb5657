// Parse an iCalendar file with ical.js (Mozilla's parser, used by Thunderbird) and print its
// VEVENTs as they stand, without expanding anything: for the download of one date, which
// holds one VEVENT (for a series date: an instance with RECURRENCE-ID and no RRULE).
// Usage: node single.js FILE. The file's own VTIMEZONE components are registered, as
// Thunderbird and Outlook do; times are printed in UTC.
"use strict";
const fs = require("fs");
const ICAL = require("ical.js");

const root = new ICAL.Component(ICAL.parse(fs.readFileSync(process.argv[2], "utf8")));
for (const vtz of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
}
const utc = (t) => (t ? (t.isDate ? t.toString() : t.toJSDate().toISOString()) : null);
const zone = (t) => (t && !t.isDate && t.zone ? t.zone.tzid : null);
const result = {
  calname: root.getFirstPropertyValue("x-wr-calname"),
  name: root.getFirstPropertyValue("name"),
  events: root.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      summary: event.summary,
      status: vevent.getFirstPropertyValue("status"),
      rrule: vevent.hasProperty("rrule"),
      start: utc(event.startDate),
      startTzid: zone(event.startDate),
      end: utc(event.endDate),
      recurrenceId: utc(event.recurrenceId),
      recurrenceIdTzid: zone(event.recurrenceId),
    };
  }),
};
process.stdout.write(JSON.stringify(result));
