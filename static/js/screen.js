/* What the phone, the console and the projector set up alike: the page's data blocks, the
   /live socket, the countdown, the connection indicator, runs that arrive late ignored,
   and the plenary followed through its `plenary` and `votes` events. */
import {readJSON} from "./dom.js";
import {translator} from "./text.js";
import {Countdown} from "./clock.js";
import {openLive, connectionStatus} from "./socket.js";
import {newerRun, newerPlenary, applyVotes} from "./updates.js";

/**
 * opts: {view ("participant" | "facilitator" | "projector"), countdown, timer, announcer
 *        (the countdown's elements), connection (the indicator), onSnapshot(snapshot),
 *        run() (the run shown), onRun(run) (a newer run), onRefused(code)}
 * Returns {first (the snapshot the page was rendered with), t, config, live, countdown}.
 */
export function openScreen(opts) {
  const first = readJSON("snapshot") || {};
  const t = translator(readJSON("strings"));
  const config = readJSON("config") || {};
  const live = openLive({
    config: config, view: opts.view, workshop: (first.workshop || {}).code, serverNow: first.server_now,
    t: t, onSnapshot: opts.onSnapshot, onRefused: opts.onRefused,
  });
  const countdown = new Countdown({
    display: opts.countdown, region: opts.announcer, root: opts.timer, clock: live.clock, t: t,
    phaseName: function (phase) { return t("phase_" + phase); },
  });
  connectionStatus(opts.connection, live, t);
  live.on("snapshot", opts.onSnapshot);
  live.on("run", function (run) { if (newerRun(opts.run(), run)) opts.onRun(run); });
  return {first: first, t: t, config: config, live: live, countdown: countdown};
}

/** Follow the plenary: `show(plenary, kind)` gets each newer state, kind "plenary" for a
    whole one, "votes" for the coalesced votes laid over the one shown (`current()`). */
export function followPlenary(live, current, show) {
  live.on("plenary", function (plenary) {
    if (newerPlenary(current(), plenary)) show(plenary, "plenary");
  });
  live.on("votes", function (votes) {
    const shown = current();
    const next = applyVotes(shown, votes);
    if (next !== shown) show(next, "votes");
  });
}
