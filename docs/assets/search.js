// The site's search: the box in Material's header (overrides/partials/search.html),
// answered by Pagefind's index of every incident, article and hand-written page, which
// `briefings build` writes into pagefind-…/ (generator/site/search_index.py). Pagefind's
// JavaScript fetches only the parts of the index a query needs, all from this site.
//
// Results come in groups, incidents first, then articles, then other pages: an incident
// always ranks above the articles that report it. Each shows what it is, its date and its
// place, and a short excerpt with the words found marked. Filters narrow every group to a
// country, a kind of event or a year; their menus are filled (and their part of the index
// fetched) only when a reader opens them.

const GROUPS = [
  { kind: "incident", one: "incident", many: "incidents", shown: 5 },
  { kind: "article", one: "article", many: "articles", shown: 5 },
  { kind: "page", one: "other page", many: "other pages", shown: 3 },
];
const MORE = 10;
const FILTERS = ["country", "event", "year"];
const HIGHLIGHT = "highlight";
const WAIT_MS = 120;

const dialog = document.querySelector("[data-briefings-search]");
const toggle = document.getElementById("__search");
const config = JSON.parse(document.getElementById("__config")?.textContent || "{}");
const root = new URL(`${config.base || "."}/`, document.baseURI);
const bundle = new URL("pagefind/", root);
const words = config.translations || {};

/** Pagefind, with every part of the index merged, loaded once, when search is first opened;
 * null for a site with nothing to search. */
let loading = null;
function pagefind() {
  loading ??= (async () => {
    const parts = (await fetch(new URL("parts.json", bundle)).then((r) => r.json())).parts || [];
    if (!parts.length) return null;
    // Pagefind's script comes with every part; the part it is loaded from is the first index.
    const engine = await import(new URL("pagefind.js", new URL(parts[0], root)).href);
    await engine.options({ baseUrl: root.pathname, highlightParam: HIGHLIGHT, excerptLength: 24 });
    for (const part of parts.slice(1)) await engine.mergeIndex(new URL(part, root).href);
    await engine.init();
    return engine;
  })();
  return loading;
}

function say(text) {
  dialog.querySelector("[data-briefings-search-meta]").textContent = text;
}

function count(n, group) {
  return `${n.toLocaleString()} ${n === 1 ? group.one : group.many}`;
}

/** The filters a reader chose: {country: "Syria"}, or {} when none. */
function chosen() {
  const filters = {};
  for (const select of dialog.querySelectorAll("[data-briefings-search-filters] select")) {
    if (select.value) filters[select.name] = select.value;
  }
  return filters;
}

/** Fill the filter menus with every value the index holds, years newest first. */
async function fillFilters(engine) {
  const all = engine ? await engine.filters() : {};
  for (const name of FILTERS) {
    const select = dialog.querySelector(`select[name="${name}"]`);
    const values = Object.keys(all[name] || {}).sort((a, b) =>
      name === "year" ? b.localeCompare(a) : a.localeCompare(b),
    );
    for (const value of values) {
      const option = document.createElement("option");
      option.value = value;
      option.textContent = value;
      select.append(option);
    }
    select.closest("label").hidden = values.length === 0;
  }
  dialog.querySelector("[data-briefings-search-filters]").dataset.filled = "";
}

function resultItem(kind, data) {
  const item = document.createElement("li");
  item.className = "md-search-result__item";
  item.dataset.kind = kind;
  const link = document.createElement("a");
  link.className = "md-search-result__link";
  link.href = data.url;
  link.tabIndex = -1;
  const article = document.createElement("article");
  article.className = "md-search-result__article md-typeset";
  const about = document.createElement("p");
  about.className = "briefings-search__about";
  const meta = data.meta || {};
  const what = GROUPS.find((g) => g.kind === kind).one;
  about.textContent = [what[0].toUpperCase() + what.slice(1), meta.date, meta.place]
    .filter(Boolean)
    .join(" · ");
  const title = document.createElement("h1");
  title.textContent = meta.title || data.url;
  const excerpt = document.createElement("p");
  excerpt.className = "briefings-search__excerpt";
  excerpt.innerHTML = data.excerpt; // Pagefind escapes the page's text and adds only <mark>
  article.append(about, title, excerpt);
  link.append(article);
  item.append(link);
  return item;
}

/** One group's results: its heading, the first few, and a button for more. */
async function showGroup(list, group, results) {
  const heading = document.createElement("li");
  heading.className = "md-search-result__meta briefings-search__group";
  heading.textContent = count(results.length, group);
  list.append(heading);
  let shown = 0;
  const more = document.createElement("button");
  more.type = "button";
  more.className = "briefings-search__more";
  const showNext = async (n) => {
    const next = results.slice(shown, shown + n);
    shown += next.length;
    const items = (await Promise.all(next.map((r) => r.data()))).map((d) => resultItem(group.kind, d));
    more.closest("li")?.before(...items);
    const left = results.length - shown;
    more.textContent = `Show ${Math.min(left, MORE)} more ${left === 1 ? group.one : group.many}`;
    more.closest("li").hidden = left === 0;
  };
  const moreItem = document.createElement("li");
  moreItem.className = "briefings-search__more-item";
  moreItem.append(more);
  list.append(moreItem);
  more.addEventListener("click", () => showNext(MORE));
  await showNext(group.shown);
}

let asked = 0;
async function run() {
  const question = ++asked;
  const query = dialog.querySelector("[data-briefings-search-query]").value.trim();
  const filters = chosen();
  const list = dialog.querySelector("[data-briefings-search-results]");
  const answered = () => {
    // What the results shown answer (for tests, and anyone who scripts the page).
    list.dataset.query = query;
    list.dataset.filters = new URLSearchParams(filters).toString();
  };
  if (!query && Object.keys(filters).length === 0) {
    list.replaceChildren();
    answered();
    say(words["search.result.placeholder"] || "Type to start searching");
    return;
  }
  let engine;
  try {
    engine = await pagefind();
  } catch (error) {
    say("Search is not available: this site was built without its index (run `briefings build`).");
    return;
  }
  // A search by filters alone lists what they match, newest first.
  const options = query ? {} : { sort: { date: "desc" } };
  const nothing = { results: [] };
  const found = await Promise.all(
    GROUPS.map((g) =>
      engine ? engine.search(query || null, { ...options, filters: { ...filters, kind: g.kind } }) : nothing,
    ),
  );
  if (question !== asked) return; // the reader has typed on
  const total = found.reduce((n, f) => n + f.results.length, 0);
  const fresh = document.createElement("ol");
  for (const [n, group] of GROUPS.entries()) {
    if (found[n].results.length) await showGroup(fresh, group, found[n].results);
  }
  if (question !== asked) return;
  list.replaceChildren(...fresh.children);
  answered();
  if (total === 0) say(words["search.result.none"] || "No matching documents");
  else if (total === 1) say(words["search.result.one"] || "1 matching document");
  else say((words["search.result.other"] || "# matching documents").replace("#", total.toLocaleString()));
}

let waiting = null;
function runSoon() {
  clearTimeout(waiting);
  waiting = setTimeout(run, WAIT_MS);
}

let loaded = null;
function open() {
  if (!toggle.checked) toggle.checked = true;
  const input = dialog.querySelector("[data-briefings-search-query]");
  if (document.activeElement !== input) input.focus();
  loaded ??= pagefind()
    .then((engine) => {
      dialog.querySelector("[data-briefings-search-filters]").hidden = !engine;
      say(words["search.result.placeholder"] || "Type to start searching");
    })
    .catch(() => say("Search is not available: this site was built without its index (run `briefings build`)."));
}

let filled = null;
function openFilters(event) {
  if (event.target.open) filled ??= pagefind().then(fillFilters);
}

function close() {
  toggle.checked = false;
  dialog.querySelector("[data-briefings-search-query]").blur();
}

function links() {
  return [...dialog.querySelectorAll(".md-search-result__link")].filter((a) => !a.closest("[hidden]"));
}

function setUp() {
  const form = dialog.querySelector("[data-briefings-search-form]");
  const input = dialog.querySelector("[data-briefings-search-query]");
  toggle.addEventListener("change", () => (toggle.checked ? open() : input.blur()));
  input.addEventListener("focus", open);
  input.addEventListener("input", runSoon);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    links()[0]?.click();
  });
  form.addEventListener("reset", () => setTimeout(run));
  dialog.querySelector("[data-briefings-search-filters]").addEventListener("toggle", openFilters);
  for (const select of dialog.querySelectorAll("[data-briefings-search-filters] select")) {
    select.addEventListener("change", run);
  }
  document.addEventListener("keydown", (event) => {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    const typing = event.target.closest?.("input, select, textarea, [contenteditable]");
    if (!toggle.checked) {
      if (!typing && ["/", "s", "f"].includes(event.key)) {
        event.preventDefault();
        open();
      }
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const all = links();
      if (all.length === 0) return;
      event.preventDefault();
      const at = all.indexOf(document.activeElement);
      const step = event.key === "ArrowDown" ? 1 : -1;
      const next = at === -1 ? (step === 1 ? 0 : all.length - 1) : at + step;
      if (next < 0) input.focus();
      else all[Math.min(next, all.length - 1)].focus();
    }
  });
}

/** On a page opened from a result, mark the words the reader searched for. */
function highlight() {
  if (!new URLSearchParams(window.location.search).has(HIGHLIGHT)) return;
  import(new URL("pagefind-highlight.js", bundle).href)
    .then(({ default: Highlight }) => new Highlight({ highlightParam: HIGHLIGHT, addStyles: false }))
    .catch(() => {});
}

if (dialog && toggle) setUp();
highlight();
