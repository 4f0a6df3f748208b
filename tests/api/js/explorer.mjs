// Drives the explorer and GraphiQL in headless Chromium (Debian's, via playwright-core) with
// every request to anything but the server blocked. Prints one JSON report on stdout.
// usage: node explorer.mjs BASE_URL SCREENSHOT_PATH
import { chromium } from "playwright-core";

const [base, screenshot] = process.argv.slice(2);
const report = { consoleErrors: [], blocked: [], checks: {} };
const origin = new URL(base).origin;

async function api(query, variables) {
  const r = await fetch(base + "/graphql", {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = await r.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const EVAL = `query($facts: [FactInput!], $from: ID) { evaluateScenario(facts: $facts, fromException: $from) {
  undermined { argument { id } } } }`;
const undermined = async (facts, from) =>
  (await api(EVAL, { facts, from: from || null })).evaluateScenario.undermined.map((v) => v.argument.id).sort();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith("data:")) return route.continue();
    report.blocked.push(url);
    return route.abort();
  });
  const watch = (page) => {
    page.on("console", (m) => { if (m.type() === "error") report.consoleErrors.push(m.text()); });
    page.on("pageerror", (e) => report.consoleErrors.push(String(e)));
  };
  const page = await context.newPage();
  watch(page);
  await page.goto(base + "/");
  await page.waitForSelector("body[data-ready=true]", { timeout: 60000 });

  // the matrix: one row per argument
  const total = (await api("{ stats { arguments } }")).stats.arguments;
  report.checks.matrixRows = await page.locator("#matrix g.row").count();
  report.checks.arguments = total;
  report.checks.contradictedCells = await page.locator("#matrix rect.hit").count();
  await page.screenshot({ path: screenshot, fullPage: false });

  // hovering a cell shows its rationale and locator
  await page.locator("#matrix rect.cell").first().hover();
  const tip = await page.locator("#tooltip").innerText();
  report.checks.tooltipHasLocator = tip.includes("where:") && tip.includes("why:");

  // the graph view of one argument
  await page.locator("#matrix .row-label").first().click();
  await page.waitForSelector("#graph g.node.center", { timeout: 30000 });
  report.checks.graphNodes = await page.locator("#graph g.node").count();

  // the scenario panel answers like evaluateScenario
  await page.click("button[data-view=scenario]");
  const listed = async () => (await page.locator("#undermined li").evaluateAll(
    (els) => els.map((e) => e.dataset.argument))).sort();
  const settle = async (want) => {
    const deadline = Date.now() + 30000;
    for (;;) {
      const got = await listed();
      if (JSON.stringify(got) === JSON.stringify(want) || Date.now() > deadline) return got;
      await page.waitForTimeout(100);
    }
  };
  const none = await settle(await undermined([], null));
  await page.check('input[name="pre-deployment-gate"][value="fails"]');
  const want1 = await undermined([{ assumption: "pre-deployment-gate", holds: false }], null);
  const got1 = await settle(want1);
  await page.check('input[name="sandboxed-in-training"][value="fails"]');
  const want2 = await undermined([{ assumption: "pre-deployment-gate", holds: false },
    { assumption: "sandboxed-in-training", holds: false }], null);
  const got2 = await settle(want2);
  report.checks.scenario = {
    before: none.length, afterOne: got1, wantOne: want1, afterTwo: got2, wantTwo: want2,
  };

  // the shared URL restores the scenario in a fresh page
  const shared = page.url();
  const again = await context.newPage();
  watch(again);
  await again.goto(shared);
  await again.waitForSelector("body[data-ready=true]", { timeout: 60000 });
  const deadline = Date.now() + 30000;
  let restored = [];
  while (Date.now() < deadline) {
    restored = (await again.locator("#undermined li").evaluateAll((els) => els.map((e) => e.dataset.argument))).sort();
    if (JSON.stringify(restored) === JSON.stringify(want2)) break;
    await again.waitForTimeout(100);
  }
  report.checks.shared = {
    url: shared, restored, want: want2,
    checked: await again.isChecked('input[name="sandboxed-in-training"][value="fails"]'),
  };

  // a documented case as preset: the first (by id) whose facts undermine something
  await page.click("#clear-facts");
  await settle([]);
  const cases = (await api("{ exceptions(first: 100) { nodes { id } } }")).exceptions.nodes.map((e) => e.id);
  let preset = null, wantPreset = [];
  for (const id of cases) {
    wantPreset = await undermined([], id);
    if (wantPreset.length) { preset = id; break; }
  }
  await page.selectOption("#preset", preset);
  report.checks.preset = { id: preset, got: await settle(wantPreset), want: wantPreset };

  // GraphiQL from the package, with the network to anything else blocked
  const ide = await context.newPage();
  watch(ide);
  await ide.goto(base + "/graphiql");
  await ide.waitForSelector(".graphiql-container", { timeout: 60000 });
  await ide.waitForSelector(".graphiql-tab", { timeout: 30000 });
  report.checks.graphiqlTabs = await ide.locator(".graphiql-tab").count();
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
