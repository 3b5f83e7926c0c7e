// Drives Debian's Chromium (playwright-core) through pages that `machine` writes, from
// file://, as a person would, and prints a JSON report; any failed check throws (exit 1).
//
//   node browser.mjs walk PAGE.html PATH.json OUT_DIR   the simulator page of the job lifecycle:
//       walks a test path by clicking (the first step on the diagram), checks the highlighted
//       state and the log after each click, toggles a guard to see a refusal, advances the
//       clock to an `end` timeout, reloads from the URL's fragment, walks the path with the
//       keyboard alone, and saves screenshots (light and dark)
//   node browser.mjs timers PAGE.html                    the DHCP client's page: named durations
//       kept in their `shorter_than:` order, a guarded timer expired now with its guard toggled
//       off (refused, and it stops) and on, the clock's next timeout
//   node browser.mjs history PAGE.html PNG               a page with history states: transitions to a
//       deep history (clicked on the diagram, where it is drawn) and to a shallow one go back
//       where the machine was, in the log's words; the URL and the Rust test keep the run
//   node browser.mjs automatic PAGE.html PNG             a page with eventless and completion transitions
//       (rules S20 and S21): the automatic steps of each input in the log, in `machine run`'s
//       words, and the automatic transitions marked, listed, and never clickable
//   node browser.mjs parallel PAGE.html PNG              a page with parallel states (rules S22 to S29):
//       every region's state highlighted and the states around them framed, the configuration in
//       the status, an event handled in both regions (on the diagram), a conflict, one region's
//       timer, a deep history and the fault state returning to both regions
//   node browser.mjs smoke PAGES.json OUT_DIR            every page opens, starts, and fires one event
//   node browser.mjs shot URL PNG                        a screenshot of any page (the rustdoc)
//
// Every run counts the requests besides the page's own file and the console errors: both
// must be zero.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const ARGS = [
  "--no-sandbox",
  "--headless",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function withBrowser(work) {
  const profile = mkdtempSync(join(tmpdir(), "machine-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ARGS,
    viewport: { width: 1500, height: 1100 },
  });
  const watch = { requests: [], errors: [] };
  context.on("request", (request) => watch.requests.push(request.url()));
  try {
    return await work(context, watch);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** A page that records its console errors and uncaught exceptions into `watch`. */
async function open(context, watch, url) {
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") watch.errors.push(message.text());
  });
  page.on("pageerror", (error) => watch.errors.push(String(error)));
  await page.goto(url);
  await page.waitForSelector("#sim-state");
  return page;
}

/** The requests other than the pages' own files: none may be made. */
function foreign(watch, files) {
  return watch.requests.filter((url) => !files.includes(url.replace(/#.*$/, "")));
}

const state = (page) => page.textContent("#sim-state");
const highlighted = (page) => page.getAttribute("#sim-diagram svg .sim-active", "data-state");
const lastLog = (page) => page.textContent("#sim-log li:last-child");
const lastInput = (page) => page.textContent("#sim-log li:last-child code");

async function setGuards(page, guards, keyboard) {
  for (const [name, holds] of guards) {
    const box = page.locator(`input[data-guard="${name}"]`);
    if ((await box.isChecked()) === holds) continue;
    if (keyboard) {
      await tabTo(page, `input[data-guard="${name}"]`);
      await page.keyboard.press("Space");
    } else await box.click();
  }
}

/** Presses Tab until the element matching `selector` has the focus. */
async function tabTo(page, selector) {
  for (let i = 0; i < 400; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Checks the page after `step` of a test path: the state, the highlighted node, the log's input. */
async function after(page, step, where) {
  check((await state(page)) === step.to, `${where}: the page says ${await state(page)}, the path ${step.to}`);
  check((await highlighted(page)) === step.to, `${where}: the diagram highlights ${await highlighted(page)}, not ${step.to}`);
  check((await lastInput(page)) === step.text, `${where}: the log's last input is ${await lastInput(page)}, not ${step.text}`);
}

async function walk([pagePath, pathFile, outDir]) {
  const url = pathToFileURL(pagePath).href;
  const path = JSON.parse(readFileSync(pathFile, "utf8"));
  const report = { clicks: 0, keys: 0, checks: 0, screenshots: [] };
  return withBrowser(async (context, watch) => {
    const page = await open(context, watch, url);
    check((await state(page)) === path.start, `the page starts in ${await state(page)}, not ${path.start}`);
    check((await highlighted(page)) === path.start, "the start is highlighted");
    for (const [index, step] of path.steps.entries()) {
      await setGuards(page, step.guards, false);
      if (index === 0) {
        // The first step by its edge's label on the diagram (Graphviz's edge group, whose
        // middle may be empty paper, or the built-in layout's text).
        await page.locator("#sim-diagram svg g.sim-live text, #sim-diagram svg text.sim-live", { hasText: step.name }).first().click();
      } else {
        await page.click(`#sim-events button[data-event="${step.name}"]`);
      }
      report.clicks++;
      await after(page, step, `click ${index + 1} (${step.text})`);
      report.checks += 3;
    }
    await page.click("#sim-copy-test");
    report.test = await page.inputValue("#sim-export");
    await page.screenshot({ path: join(outDir, "job-sim.png"), fullPage: true });
    report.screenshots.push("job-sim.png");
    await page.emulateMedia({ colorScheme: "dark" });
    await page.screenshot({ path: join(outDir, "job-sim-dark.png"), fullPage: true });
    report.screenshots.push("job-sim-dark.png");
    await page.emulateMedia({ colorScheme: "light" });

    // A guard that fails refuses the event, in `machine run`'s words.
    await page.click("#sim-reset");
    const first = path.steps[0];
    const guard = first.guards[0];
    check(guard !== undefined, "the path's first step asks a guard");
    await setGuards(page, [[guard[0], !guard[1]]], false);
    await page.click(`#sim-events button[data-event="${first.name}"]`);
    const refusal = `refused in ${path.start}: guard \`${guard[0]}\` does not hold`;
    check((await lastLog(page)).includes(refusal), `the refusal reads: ${await lastLog(page)}`);
    check((await state(page)) === path.start, "a refusal leaves the state");
    await setGuards(page, [[guard[0], guard[1]]], false);
    report.checks += 2;

    // The clock, to the `end` timeout of the start state.
    await page.click("#sim-next-timeout");
    check((await page.textContent("#sim-status")).startsWith("The lifecycle has ended in"), `the clock ends it: ${await page.textContent("#sim-status")}`);
    check((await lastLog(page)).includes(`lifecycle ends in ${path.start}`), `the log says it ended: ${await lastLog(page)}`);
    check(await page.isDisabled("#sim-next-timeout"), "no timer runs once it ended");
    report.checks += 3;

    // The URL's fragment holds the run: a reload, and a new page, show the same.
    const before = { status: await page.textContent("#sim-status"), log: await page.textContent("#sim-log") };
    const link = page.url();
    check(link.includes("#") && link.includes("script="), `the URL holds the run: ${link}`);
    await page.reload();
    await page.waitForSelector("#sim-state");
    const reloaded = { status: await page.textContent("#sim-status"), log: await page.textContent("#sim-log") };
    check(JSON.stringify(reloaded) === JSON.stringify(before), `the reload shows another run: ${JSON.stringify(reloaded)}`);
    const linked = await open(context, watch, link);
    check((await linked.textContent("#sim-log")) === before.log, "the link opens the same run");
    report.checks += 3;

    // The run that ended, as a Rust test too (a refusal and an expiry).
    await page.click("#sim-copy-test");
    report.endedTest = await page.inputValue("#sim-export");
    // Undo takes back the expiry; copy as a script.
    await page.click("#sim-undo");
    check((await page.textContent("#sim-status")).startsWith("Now in"), "undo takes the end back");
    await page.click("#sim-copy-script");
    const script = await page.inputValue("#sim-export");
    check(script.startsWith("machine run ") && script.includes("--events"), `the command: ${script}`);
    report.script = script;
    report.checks += 2;

    // The keyboard alone, on a fresh page.
    const keys = await open(context, watch, url);
    for (const [index, step] of path.steps.entries()) {
      await setGuards(keys, step.guards, true);
      await tabTo(keys, `#sim-events button[data-event="${step.name}"]`);
      await keys.keyboard.press("Enter");
      report.keys++;
      await after(keys, step, `key ${index + 1} (${step.text})`);
      report.checks += 3;
    }
    quiet(report, watch, url);
    return report;
  });
}

async function timers([pagePath]) {
  const url = pathToFileURL(pagePath).href;
  const report = { checks: 0 };
  return withBrowser(async (context, watch) => {
    const page = await open(context, watch, url);
    const expireButton = (timer) => page.locator(`#sim-clock button[data-expire="${timer}"]`);
    // Named durations keep the order the spec declares: t1 < t2.
    await page.fill('input[aria-label="Value of the named duration t2"]', "1h");
    await page.press('input[aria-label="Value of the named duration t2"]', "Tab");
    await page.fill('input[aria-label="Value of the named duration t1"]', "2h");
    await page.press('input[aria-label="Value of the named duration t1"]', "Tab");
    const error = await page.textContent("#sim-clock .sim-error");
    check(error.includes("t1 must be shorter than t2"), `durations out of order: ${error}`);
    report.checks++;

    await page.click('#sim-events button[data-event="Start"]');
    check((await state(page)) === "Selecting", "Start selects");
    check((await expireButton("SelectionWindow").count()) === 1, "the guarded timer runs");
    // Its guard toggled off: the expiry is refused, and the timer stops.
    await setGuards(page, [["offer_received", false]], false);
    await expireButton("SelectionWindow").click();
    check((await lastInput(page)) === "SelectionWindow (after 10s)[!offer_received]", `the input: ${await lastInput(page)}`);
    check((await lastLog(page)).includes("refused in Selecting: guard `offer_received` does not hold"), `the refusal: ${await lastLog(page)}`);
    check((await expireButton("SelectionWindow").count()) === 0, "a refused timer stops");
    // The other timer falls due: discover again, both clocks start.
    await page.click("#sim-next-timeout");
    check((await lastLog(page)).includes("Selecting -> Selecting (timeout)"), `the retransmission: ${await lastLog(page)}`);
    check((await expireButton("SelectionWindow").count()) === 1, "entering again starts it");
    // Toggled on: the expiry moves on, with the timer's own actions.
    await setGuards(page, [["offer_received", true]], false);
    await expireButton("SelectionWindow").click();
    check((await state(page)) === "Requesting", `the expiry moves: ${await state(page)}`);
    check((await lastLog(page)).includes("actions: send_request"), `the timer's action: ${await lastLog(page)}`);
    report.checks += 9;
    await page.click("#sim-copy-script");
    report.script = await page.inputValue("#sim-export");
    await page.click("#sim-copy-test");
    report.test = await page.inputValue("#sim-export");
    quiet(report, watch, url);
    return report;
  });
}

/**
 * The page of a spec with compound states (tests/fixtures/nested/semantics.yaml, laid out by
 * Graphviz): the active state is highlighted and the compound states around it framed, an
 * event written on a compound state is offered inside it, and the log runs the actions of
 * every level (rule S16).
 */
async function nested([pagePath, png]) {
  const url = pathToFileURL(pagePath).href;
  const report = { checks: 0 };
  return withBrowser(async (context, watch) => {
    const page = await open(context, watch, url);
    const framed = () =>
      page.$$eval("#sim-diagram svg g.cluster.sim-within", (gs) => gs.map((g) => g.getAttribute("data-state")).sort());
    check((await state(page)) === "Pending", `starts in ${await state(page)}`);
    check(JSON.stringify(await framed()) === '["Open"]', `framed: ${await framed()}`);
    await page.click('#sim-events button[data-event="Pay"]');
    check((await state(page)) === "Picking", `Pay enters Packing, then Picking: ${await state(page)}`);
    check((await highlighted(page)) === "Picking", `highlighted: ${await highlighted(page)}`);
    check(JSON.stringify(await framed()) === '["Open","Packing"]', `framed: ${await framed()}`);
    check((await page.textContent("#sim-status")).includes("inside Packing inside Open"), await page.textContent("#sim-status"));
    check((await lastLog(page)).includes("actions: stop_asking, start_packing"), `the actions: ${await lastLog(page)}`);
    // Cancel is written on Open: offered in Picking, it leaves Picking, Packing and Open.
    await page.click('#sim-events button[data-event="Cancel"]');
    check((await state(page)) === "Cancelled", `Cancel: ${await state(page)}`);
    check((await lastLog(page)).includes("actions: stop_packing, close_ticket, refund"), `the actions: ${await lastLog(page)}`);
    check(JSON.stringify(await framed()) === "[]", `framed: ${await framed()}`);
    await page.click("#sim-copy-test");
    report.test = await page.inputValue("#sim-export");
    check(report.test.includes("assert_eq!(machine.state(), nested_order::State::Cancelled);"), report.test);
    report.checks += 11;
    await page.screenshot({ path: png, fullPage: true });
    quiet(report, watch, url);
    return report;
  });
}

/** Records on `report` the requests to anything but `url` and the console errors, and checks there were none. */
function quiet(report, watch, url) {
  report.requests = foreign(watch, [url]);
  report.errors = watch.errors;
  check(report.requests.length === 0, `requests: ${report.requests}`);
  check(report.errors.length === 0, `console errors: ${report.errors}`);
}

/**
 * The page of tests/fixtures/nested/history.yaml (rule S19): the machine leaves `Open` from
 * `Boxing`, and its events go back there by the deep history `Resume`, then to `Picking` by
 * the shallow `Reopen` (the state inside `Open` that held `Boxing` is `Packing`, entered
 * anew); the status says what is remembered, the log says which history moved it.
 */
async function history([pagePath, png]) {
  const url = pathToFileURL(pagePath).href;
  const report = { checks: 0 };
  const status = (page) => page.textContent("#sim-status");
  return withBrowser(async (context, watch) => {
    const page = await open(context, watch, url);
    const fire = (event) => page.click(`#sim-events button[data-event="${event}"]`);
    check((await state(page)) === "Pending", `starts in ${await state(page)}`);
    for (const event of ["Pay", "Box", "Hold"]) await fire(event);
    check((await state(page)) === "OnHold", `Hold leaves Open: ${await state(page)}`);
    check((await status(page)).includes("remembers Boxing in Open, Boxing in Packing"), `the status: ${await status(page)}`);
    // By its label on the diagram when the layout draws the edge to the history state.
    const label = page.locator("#sim-diagram svg g.sim-live text, #sim-diagram svg text.sim-live", { hasText: "Release" });
    report.diagram = (await label.count()) > 0;
    if (report.diagram) await label.first().click();
    else await fire("Release");
    check((await state(page)) === "Boxing", `Release goes back to Boxing: ${await state(page)}`);
    check((await highlighted(page)) === "Boxing", `highlighted: ${await highlighted(page)}`);
    check((await lastLog(page)).includes("OnHold -> Boxing (by Resume, the deep history of Open); actions: open_ticket, start_packing, print_label"), `the log: ${await lastLog(page)}`);
    await fire("Hold");
    await fire("Restart");
    check((await state(page)) === "Picking", `Restart goes back into Packing, anew: ${await state(page)}`);
    check((await lastLog(page)).includes("OnHold -> Picking (by Reopen, the shallow history of Open)"), `the log: ${await lastLog(page)}`);
    check((await status(page)).includes("inside Packing inside Open, remembers Boxing in Open, Boxing in Packing"), `the status: ${await status(page)}`);
    report.checks += 8;
    // The run reads back from the URL's fragment.
    const linked = await open(context, watch, page.url());
    check((await linked.textContent("#sim-log")) === (await page.textContent("#sim-log")), "the link opens the same run");
    report.checks += 1;
    await page.click("#sim-copy-test");
    report.test = await page.inputValue("#sim-export");
    check(report.test.includes("assert_eq!(machine.remembered(held_order::State::Open), Some(held_order::State::Boxing));"), report.test);
    report.checks += 1;
    await page.click("#sim-copy-script");
    report.script = await page.inputValue("#sim-export");
    await page.screenshot({ path: png, fullPage: true });
    quiet(report, watch, url);
    return report;
  });
}

/**
 * The page of tests/fixtures/nested/automatic.yaml (rules S20 and S21): an event leads to
 * eventless steps and completions, which the log shows on lines of their own in `machine
 * run`'s words; the automatic transitions are marked on the diagram and listed in the events
 * panel, and none can be clicked.
 */
async function automatic([pagePath, png]) {
  const url = pathToFileURL(pagePath).href;
  const report = { checks: 0 };
  return withBrowser(async (context, watch) => {
    const page = await open(context, watch, url);
    const fire = (event) => page.click(`#sim-events button[data-event="${event}"]`);
    const thenLines = async () => (await page.$$eval("#sim-log > li:last-child .sim-then", (ds) => ds.map((d) => d.firstChild.textContent)));
    check((await state(page)) === "Entering", `starts in ${await state(page)}`);
    // The diagram marks the automatic transitions (always, done): none is clickable.
    const marked = await page.locator("#sim-diagram svg .sim-automatic").count();
    check(marked >= 4, `automatic labels marked: ${marked}`);
    check((await page.locator("#sim-diagram svg .sim-automatic.sim-live, #sim-diagram svg .sim-automatic.sim-label").count()) === 0, "an automatic label is never live");
    // Checkout's completion transitions are listed, and are no buttons.
    const listed = () => page.$$eval("#sim-events .sim-automatic code", (cs) => cs.map((c) => c.textContent));
    check(JSON.stringify(await listed()) === '["Checkout: done [risky] → Review","Checkout: done [else] → Confirmed"]', `listed: ${await listed()}`);
    check((await page.locator('#sim-events button[data-event="always"], #sim-events button[data-event="done"]').count()) === 0, "no button for an automatic transition");
    report.checks += 5;
    // An invalid card: Validating goes back to Entering by itself.
    await setGuards(page, [["card_valid", false]], false);
    await fire("Submit");
    check((await state(page)) === "Entering", `back in Entering: ${await state(page)}`);
    check((await lastInput(page)) === "Submit[!card_valid]", `the input: ${await lastInput(page)}`);
    check((await lastLog(page)).includes("Entering -> Validating; actions: check_card"), `the log: ${await lastLog(page)}`);
    check(JSON.stringify(await thenLines()) === '["then Validating -> Entering (eventless); actions: show_error, show_form"]', `then: ${await thenLines()}`);
    report.checks += 4;
    // A valid, safe card: charged, paid, Checkout completes into Confirmed.
    await setGuards(page, [["card_valid", true], ["risky", false]], false);
    await fire("Submit");
    check((await state(page)) === "Charging", `charging: ${await state(page)}`);
    check(JSON.stringify(await thenLines()) === '["then Validating -> Charging (eventless); actions: charge_card; clocks start: BankSilent (after 30s)"]', `then: ${await thenLines()}`);
    await fire("Approve");
    check((await state(page)) === "Confirmed", `confirmed: ${await state(page)}`);
    check((await highlighted(page)) === "Confirmed", `highlighted: ${await highlighted(page)}`);
    check(JSON.stringify(await thenLines()) === '["then Paid -> Confirmed (Checkout completed); actions: close_form, send_confirmation"]', `then: ${await thenLines()}`);
    check((await lastLog(page)).includes("exit: close_form") && (await lastLog(page)).includes("entry: send_confirmation"), `the actions: ${await lastLog(page)}`);
    report.checks += 6;
    // Undone: a risky payment goes to review, then Review completes into Confirmed.
    await page.click("#sim-undo");
    await setGuards(page, [["risky", true], ["fraud", false]], false);
    await fire("Approve");
    check((await state(page)) === "Queued", `in review: ${await state(page)}`);
    check(JSON.stringify(await thenLines()) === '["then Paid -> Queued (Checkout completed); actions: close_form"]', `then: ${await thenLines()}`);
    check(JSON.stringify(await listed()) === '["Review: always [fraud] → Cancelled","Review: done / log_review → Confirmed"]', `listed: ${await listed()}`);
    await fire("Pick");
    await fire("Accept");
    check((await state(page)) === "Confirmed", `confirmed: ${await state(page)}`);
    check(JSON.stringify(await thenLines()) === '["then Decided -> Confirmed (Review completed); actions: log_review, send_confirmation"]', `then: ${await thenLines()}`);
    report.checks += 5;
    // The run reads back from the URL's fragment.
    const linked = await open(context, watch, page.url());
    check((await linked.textContent("#sim-log")) === (await page.textContent("#sim-log")), "the link opens the same run");
    report.checks += 1;
    await page.click("#sim-copy-script");
    report.script = await page.inputValue("#sim-export");
    await page.click("#sim-copy-test");
    report.test = await page.inputValue("#sim-export");
    // The log as the reader sees it: each input's step, then its automatic steps' lines.
    report.log = await page.$$eval("#sim-log > li", (lis) =>
      lis.map((li) => [li.querySelector("code").nextSibling.textContent.trim(), ...[...li.querySelectorAll(".sim-then")].map((d) => d.firstChild.textContent)]),
    );
    await page.screenshot({ path: png, fullPage: true });
    quiet(report, watch, url);
    return report;
  });
}

/**
 * The page of tests/fixtures/parallel/regions.yaml (rules S22 to S29): the machine is in a
 * state of each region of `Both`, all highlighted, with `Both`, its regions and `Outer`
 * framed and the configuration in the status; `Step`, handled in both regions, moves both in
 * one step (clicked on the diagram); `Leave` moves the left region only (the right one's
 * transition leaves `Both` and loses, S26); the right region's timer expires while the left
 * region stays; `Pause` and `Return` go back to both regions by the deep history, and so does
 * the fault state's resolution.
 */
async function parallel([pagePath, png]) {
  const url = pathToFileURL(pagePath).href;
  const report = { checks: 0 };
  return withBrowser(async (context, watch) => {
    const page = await open(context, watch, url);
    const fire = (event) => page.click(`#sim-events button[data-event="${event}"]`);
    const names = (selector) => page.$$eval(selector, (gs) => [...new Set(gs.map((g) => g.getAttribute("data-state")))].sort());
    const actives = () => names("#sim-diagram svg .sim-active");
    const framed = () => names("#sim-diagram svg .sim-within");
    const configuration = () => names("#sim-configuration .sim-atom");
    const status = () => page.textContent("#sim-status");
    const expect = async (want, where) => {
      const got = JSON.stringify([await state(page), await actives(), await configuration()]);
      check(got === JSON.stringify(want), `${where}: ${got}`);
      report.checks++;
    };
    await expect(["Both", ["L1", "R1"], ["L1", "R1"]], "the start");
    check(JSON.stringify(await framed()) === '["Both","Left","Outer","Right"]', `framed: ${await framed()}`);
    check((await status()).includes("Now in Both (Left/L1 ∥ Right/R1), inside Outer"), `the status: ${await status()}`);
    report.checks += 2;
    // Step, handled in both regions, on the diagram: both of its labels can be clicked.
    const step = page.locator("#sim-diagram svg g.sim-live text, #sim-diagram svg text.sim-live", { hasText: "Step" });
    report.diagram = await step.count();
    check(report.diagram >= 1, "Step is live on the diagram");
    await step.first().click();
    await expect(["Both", ["L2", "R2"], ["L2", "R2"]], "Step");
    check((await lastLog(page)).includes("Step L1 -> L2, R1 -> R2; actions: exit_l1, enter_l2, enter_r2"), `the log: ${await lastLog(page)}`);
    check((await page.locator("#sim-diagram svg .sim-live", { hasText: "Step" }).count()) === 0, "Step is no longer live");
    report.checks += 3;
    // Undone; Leave moves the left region, and the right one's Leave (out of Both) is dropped.
    await page.click("#sim-undo");
    await expect(["Both", ["L1", "R1"], ["L1", "R1"]], "undo");
    await fire("Leave");
    await expect(["Both", ["L2", "R1"], ["L2", "R1"]], "Leave");
    check((await lastLog(page)).includes("Leave L1 -> L2; actions: exit_l1, enter_l2"), `the log: ${await lastLog(page)}`);
    // The right region's timer runs on: it falls due, and moves the right region alone.
    check((await page.textContent("#sim-clock")).includes("RightSlow (after 20s)"), "the right region's timer runs");
    await page.click("#sim-next-timeout");
    await expect(["Both", ["L2", "R2"], ["L2", "R2"]], "the timeout");
    check((await lastLog(page)).includes("R1 -> R2 (timeout); actions: enter_r2"), `the log: ${await lastLog(page)}`);
    report.checks += 3;
    // Pause leaves both regions, and Outer records both; Return goes back to both.
    await fire("Pause");
    check(JSON.stringify(await actives()) === '["Away"]' && (await configuration()).length === 0, `Pause: ${await actives()}`);
    check((await status()).includes("remembers L2 and R2 in Outer"), `the status: ${await status()}`);
    await fire("Return");
    await expect(["Both", ["L2", "R2"], ["L2", "R2"]], "Return");
    check((await lastLog(page)).includes("Away -> Both (by Back, the deep history of Outer)"), `the log: ${await lastLog(page)}`);
    report.checks += 3;
    // The fault state remembers the whole configuration, and resumes to it.
    await fire("Fault");
    check((await status()).includes("Now in Broken, faulted from Both"), `the status: ${await status()}`);
    await page.click('#sim-fault button[data-resume="Both"]');
    await expect(["Both", ["L2", "R2"], ["L2", "R2"]], "resume");
    report.checks += 1;
    // The run reads back from the URL's fragment.
    const linked = await open(context, watch, page.url());
    check((await linked.textContent("#sim-log")) === (await page.textContent("#sim-log")), "the link opens the same run");
    const again = await linked.$$eval("#sim-diagram svg .sim-active", (gs) => gs.map((g) => g.getAttribute("data-state")).sort());
    check(JSON.stringify(again) === '["L2","R2"]', `the link highlights ${again}`);
    report.checks += 2;
    await page.click("#sim-copy-script");
    report.script = await page.inputValue("#sim-export");
    await page.click("#sim-copy-test");
    report.test = await page.inputValue("#sim-export");
    report.log = await page.$$eval("#sim-log > li", (lis) => lis.map((li) => li.querySelector("code").nextSibling.textContent.trim()));
    await page.screenshot({ path: png, fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.screenshot({ path: png.replace(/\.png$/, "-dark.png"), fullPage: true });
    quiet(report, watch, url);
    return report;
  });
}

async function smoke([pagesFile, outDir]) {
  const pages = JSON.parse(readFileSync(pagesFile, "utf8"));
  const report = { pages: 0, screenshots: [] };
  return withBrowser(async (context, watch) => {
    for (const { file, start, shot } of pages) {
      const page = await open(context, watch, pathToFileURL(file).href);
      check((await state(page)) === start, `${file}: starts in ${await state(page)}, not ${start}`);
      check((await highlighted(page)) === start, `${file}: the diagram highlights ${await highlighted(page)}`);
      const event = page.locator("#sim-events button.sim-accepted").first();
      if ((await event.count()) > 0) {
        await event.click();
        check((await page.locator("#sim-log li").count()) === 1, `${file}: one event, one line of log`);
      }
      if (shot) {
        await page.screenshot({ path: join(outDir, shot), fullPage: true });
        report.screenshots.push(shot);
      }
      await page.close();
      report.pages++;
    }
    report.requests = foreign(watch, pages.map((p) => pathToFileURL(p.file).href));
    report.errors = watch.errors;
    check(report.requests.length === 0, `requests: ${report.requests}`);
    check(report.errors.length === 0, `console errors: ${report.errors}`);
    return report;
  });
}

async function shot([url, png]) {
  return withBrowser(async (context, watch) => {
    const page = await context.newPage();
    await page.goto(url);
    await page.screenshot({ path: png, fullPage: false });
    return { requests: watch.requests.length };
  });
}

const [mode, ...rest] = process.argv.slice(2);
const modes = { walk, timers, smoke, shot, nested, history, automatic, parallel };
check(mode in modes, `unknown mode ${mode}: walk, timers, smoke, shot, nested, history, automatic or parallel`);
console.log(JSON.stringify(await modes[mode](rest)));
