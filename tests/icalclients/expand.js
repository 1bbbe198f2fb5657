// Parse an iCalendar file with ical.js (Mozilla's parser, used by Thunderbird) and print its
// events and expanded occurrences (UTC) as JSON. Usage: node expand.js FILE FROM TO
// The feed's own VTIMEZONE components are registered, as Thunderbird and Outlook do.
"use strict";
const fs = require("fs");
const ICAL = require("ical.js");

const [file, from, to] = process.argv.slice(2);
const text = fs.readFileSync(file, "utf8");
const root = new ICAL.Component(ICAL.parse(text));
for (const vtz of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
}
const rangeStart = ICAL.Time.fromDateTimeString(from);
const rangeEnd = ICAL.Time.fromDateTimeString(to);
const vevents = root.getAllSubcomponents("vevent");
const masters = vevents.filter((v) => !v.hasProperty("recurrence-id"));
const overrides = vevents.filter((v) => v.hasProperty("recurrence-id"));

const utc = (t) => (t.isDate ? t.toString() : t.toJSDate().toISOString());
const result = { calname: root.getFirstPropertyValue("x-wr-calname"), events: [] };
for (const master of masters) {
  const event = new ICAL.Event(master);
  for (const o of overrides) {
    if (o.getFirstPropertyValue("uid") === event.uid) event.relateException(o);
  }
  const occurrences = [];
  if (event.isRecurring()) {
    const it = event.iterator();
    let next;
    let guard = 0;
    while ((next = it.next()) && guard++ < 2000) {
      const details = event.getOccurrenceDetails(next);
      if (details.startDate.compare(rangeEnd) > 0 && next.compare(rangeEnd) > 0) break;
      if (details.endDate.compare(rangeStart) < 0) continue;
      occurrences.push({
        start: utc(details.startDate),
        end: utc(details.endDate),
        recurrenceId: utc(details.recurrenceId),
        tzid: details.startDate.zone ? details.startDate.zone.tzid : null,
      });
    }
  } else {
    occurrences.push({ start: utc(event.startDate), end: utc(event.endDate), tzid: event.startDate.zone ? event.startDate.zone.tzid : null });
  }
  result.events.push({
    uid: event.uid,
    summary: event.summary,
    status: master.getFirstPropertyValue("status"),
    sequence: event.sequence,
    occurrences,
  });
}
process.stdout.write(JSON.stringify(result));
