"""The web console in headless Chromium: each role signs in and walks its pages on the demo
story; the checks the issue asks for (rights map, field error first, 404 for another party's
asset, CSRF-less posts refused, axe-core, labels, keyboard) each count as one scenario.
Prints what each did and `N passed, M failed`."""
import argparse
import http.client
import os
import re
import sys
import time
import traceback
import urllib.parse

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

DESKTOP = (1280, 900)
PHONE = (390, 844)


def log(message):
    print(message, flush=True)


def read_keys(path):
    """The demo's welcome text: `  role (party): llk_…`."""
    keys = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            match = re.match(r"^\s+(admin|operator|university|company|auditor)(?: \(([a-z0-9-]+)\))?:\s+(llk_\S+)", line)
            if match:
                keys[(match.group(1), match.group(2))] = match.group(3)
    return keys


class Suite:
    def __init__(self, base, keys, screenshots):
        self.base = base
        self.keys = keys
        self.screenshots = screenshots
        self.passed = 0
        self.failed = 0
        self.axe_pages = []
        self.registered_output = None
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={DESKTOP[0]},{DESKTOP[1]}"]:
            options.add_argument(argument)
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.set_page_load_timeout(60)

    # Browsing

    def open(self, path):
        self.driver.get(self.base + path)
        return self.driver.page_source

    def submit(self, selector, arrives):
        """Clicks a form's submit button and waits (up to 30 s) for the page it leads to."""
        before = self.driver.find_element(By.TAG_NAME, "html")
        self.driver.find_element(By.CSS_SELECTOR, selector).click()
        try:
            WebDriverWait(self.driver, 30).until(lambda d: before != d.find_element(By.TAG_NAME, "html") and arrives(d.current_url))
        except Exception:
            raise AssertionError(f"after submitting: {self.driver.current_url}: {self.text()[:600]}")

    def sign_in(self, role, party=None):
        self.driver.delete_all_cookies()
        self.open("/console/sign-in")
        self.driver.find_element(By.ID, "key").send_keys(self.keys[(role, party)])
        self.submit("form.stack button[type=submit]", lambda url: url.endswith("/console/home"))

    def sign_out(self):
        self.submit("form.signout button", lambda url: url.endswith("/console/sign-in"))

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def check_page(self, name):
        """Every page: states the read model's freshness, every form control has a label,
        axe-core finds no serious or critical violation; saves screenshots when asked."""
        body = self.text()
        assert "Read models at checkpoint" in body, f"{name}: no freshness line"
        self.check_labels(name)
        self.check_axe(name)
        self.shoot(name)

    def check_labels(self, name):
        unlabelled = self.driver.execute_script("""
            return Array.from(document.querySelectorAll('input, select, textarea'))
              .filter(e => e.type !== 'hidden')
              .filter(e => !(e.id && document.querySelector('label[for="' + e.id + '"]')) && !e.closest('label')
                           && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
              .map(e => e.name || e.id || e.outerHTML);""")
        assert not unlabelled, f"{name}: controls without a label: {unlabelled}"

    def check_axe(self, name):
        axe = Axe(self.driver)
        axe.inject()
        results = axe.run()
        bad = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
        self.axe_pages.append(name)
        assert not bad, f"{name}: axe-core: " + "; ".join(f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in bad)

    def shoot(self, name):
        if not self.screenshots:
            return
        for label, (width, height) in (("desktop", DESKTOP), ("phone", PHONE)):
            self.driver.set_window_size(width, height)
            full = self.driver.execute_script("return document.documentElement.scrollHeight")
            self.driver.set_window_size(width, min(max(full + 120, height), 2600))
            self.driver.execute_script("window.scrollTo(0, 0)")
            self.driver.save_screenshot(os.path.join(self.screenshots, f"{name}-{label}.png"))
        self.driver.set_window_size(*DESKTOP)

    def raw(self, method, path, body=None, headers=None):
        """A request outside the browser (what a forged cross-site post would send)."""
        parsed = urllib.parse.urlparse(self.base)
        connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")

    def session_cookie(self):
        cookie = self.driver.get_cookie("labledger_console")
        return cookie["value"] if cookie else None

    # Scenarios

    def wait_for_read_models(self):
        """The demo was just written: wait until the projections have applied all of it."""
        self.sign_in("auditor")
        for _ in range(240):
            self.open("/console/home")
            if "up to date with the history" in self.text():
                return
            time.sleep(0.5)
        raise AssertionError("the read models did not catch up: " + self.text()[-200:])

    def sign_in_page(self):
        self.driver.delete_all_cookies()
        self.open("/console/sign-in")
        self.check_labels("sign-in")
        self.check_axe("sign-in")
        self.shoot("sign-in")

    def keyboard_only_sign_in(self):
        """Tab from the top of the page: the skip link first, then to the key field; type the
        key and press Enter — no pointer involved."""
        self.driver.delete_all_cookies()
        self.open("/console/sign-in")
        body = self.driver.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.TAB)
        first = self.driver.switch_to.active_element
        assert first.text == "Skip to content", f"first tab stop: {first.text!r}"
        for _ in range(10):
            active = self.driver.switch_to.active_element
            if active.get_attribute("id") == "key":
                break
            active.send_keys(Keys.TAB)
        active = self.driver.switch_to.active_element
        assert active.get_attribute("id") == "key", "the key field is not reachable with Tab"
        active.send_keys(self.keys[("operator", None)])
        active.send_keys(Keys.ENTER)
        WebDriverWait(self.driver, 30).until(lambda d: d.current_url.endswith("/console/home"))
        # The home page's links are reachable with Tab too.
        self.driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        assert self.driver.switch_to.active_element.tag_name == "a"

    def company_walk(self):
        self.sign_in("company", "tencent")
        self.check_page("company-home")
        self.open("/console/ip-assets")
        assert "tencent-cuhksz-nlp-2019" in self.text()
        assert "50.00%" in self.text()
        self.check_page("company-ip-assets")
        self.open("/console/ip-assets/tencent-cuhksz-nlp-2019")
        assert "Ownership transfers" in self.text() or "Owners and shares" in self.text()
        self.check_page("company-ip-asset")
        self.open("/console/availability")
        self.driver.find_element(By.ID, "licensee").send_keys("huawei")
        self.driver.find_element(By.ID, "field").send_keys("computer_vision")
        self.driver.find_element(By.ID, "territory").send_keys("CN")
        self.driver.execute_script("document.getElementById('on').value = '2026-01-01'")
        self.driver.find_element(By.ID, "exclusive").click()
        self.submit("form.stack button[type=submit]", lambda url: "field=computer_vision" in url)
        assert "Not available." in self.text(), self.text()[-300:]
        assert "licence tencent-cv-cn" in self.text()
        self.check_page("company-availability")
        self.open("/console/deadlines")
        self.check_page("company-deadlines")

    def rights_map_shows_the_exclusive_licence(self):
        self.sign_in("company", "tencent")
        self.open("/console/rights-map?asset=tencent-cuhksz-nlp-2019&on=2026-01-01")
        cells = self.driver.find_elements(By.CSS_SELECTOR, "table.rights span.tag.exclusive")
        texts = [cell.text for cell in cells]
        assert any("tencent" in t and "exclusive licence tencent-cv-cn" in t for t in texts), texts
        row = self.driver.find_element(By.XPATH, "//table[contains(@class,'rights')]//tr[th[@scope='row' and text()='computer-vision']]")
        assert "tencent-cv-cn" in row.text
        self.check_page("company-rights-map")

    def royalty_chart_with_its_table(self):
        """The demo's Huawei licence on Tencent's asset: an SVG per currency with its title
        and description, a bar per report, and the same figures in the table under it."""
        self.sign_in("company", "tencent")
        self.open("/console/ip-assets/tencent-cuhksz-nlp-2019")
        charts = self.driver.find_elements(By.CSS_SELECTOR, "figure.royalty-chart svg[role=img]")
        assert charts, "no royalty chart"
        svg = charts[0]
        title = self.driver.find_element(By.ID, svg.get_attribute("aria-labelledby")).get_attribute("textContent")
        desc = self.driver.find_element(By.ID, svg.get_attribute("aria-describedby")).get_attribute("textContent")
        assert title.startswith("Royalty due per licence and reporting period"), title
        assert "huawei-nlp-world" in desc, desc
        # Drawn at its own size, never shrunk to the page: a long history scrolls in a container
        # the keyboard can focus.
        drawn = self.driver.execute_script("return arguments[0].getBoundingClientRect().width", svg)
        assert abs(drawn - float(svg.get_attribute("width"))) < 1, (drawn, svg.get_attribute("width"))
        scroller = svg.find_element(By.XPATH, "..")
        assert "chart-scroll" in scroller.get_attribute("class") and scroller.get_attribute("tabindex") == "0", scroller.get_attribute("outerHTML")[:200]
        bars = svg.find_elements(By.CSS_SELECTOR, "rect.bar title")
        assert any("huawei-nlp-world" in bar.get_attribute("textContent") for bar in bars), [b.get_attribute("textContent") for b in bars]
        rows = self.driver.find_elements(By.CSS_SELECTOR, "table.royalty-reports tbody tr")
        texts = [row.text for row in rows]
        assert any("huawei-nlp-world" in t and "240000.00" in t for t in texts), texts
        self.check_labels("company-ip-asset-royalties")
        self.check_axe("company-ip-asset-royalties")

    def column_values(self, table, column):
        cells = self.driver.find_elements(By.CSS_SELECTOR, f"{table} tbody tr td:nth-child({column})")
        return [cell.text for cell in cells]

    def sort_by(self, table, label, direction):
        """Follows a header's link and checks its cell says the order (aria-sort)."""
        self.driver.find_element(By.XPATH, f"//table[contains(@class,'sortable')]//th/a[text()='{label}']").click()
        WebDriverWait(self.driver, 30).until(lambda d: f"dir={direction}" in d.current_url)
        header = self.driver.find_element(By.XPATH, f"//table[contains(@class,'sortable')]//th[a[text()='{label}']]")
        wanted = "ascending" if direction == "asc" else "descending"
        assert header.get_attribute("aria-sort") == wanted, (label, header.get_attribute("aria-sort"))

    def sorting_by_a_header_link_reorders_rows(self):
        """No JavaScript: each header is a link to the page sorted by its column; the same link
        again reverses it. Labs by founding date (the API lists them by id, another order), the
        history by type. A bad column or direction is a 400."""
        self.sign_in("operator")
        self.open("/console/labs")
        before = self.column_values("table.sortable", 3)
        assert len(before) >= 2, before
        assert before != sorted(before), f"the unsorted labs are already by founding date, sorting would show nothing: {before}"
        link = self.driver.find_element(By.XPATH, "//table[contains(@class,'sortable')]//th/a[text()='Founded']")
        assert link.get_attribute("textContent") == "Founded, sort by founded, ascending", link.get_attribute("textContent")
        self.sort_by("table.sortable", "Founded", "asc")
        ascending = self.column_values("table.sortable", 3)
        assert ascending == sorted(before), ascending
        self.sort_by("table.sortable", "Founded", "desc")
        descending = self.column_values("table.sortable", 3)
        assert descending == sorted(before, reverse=True), descending
        cookie = {"Cookie": f"labledger_console={self.session_cookie()}"}
        status, body = self.raw("GET", "/console/labs?sort=password&dir=sideways", headers=cookie)
        assert status == 400, f"status {status}"
        assert "#query/sort" in body and "#query/dir" in body, body[:400]
        self.check_labels("operator-labs-sorted")
        self.check_axe("operator-labs-sorted")
        self.sign_in("auditor")
        self.open("/console/history?category=ipasset")
        before = self.column_values("table.sortable", 3)
        assert len(set(before)) >= 2, before
        self.sort_by("table.sortable", "Type", "asc")
        types = self.column_values("table.sortable", 3)
        assert types == sorted(before, key=str.casefold), types
        # The filter stays with the sorted page.
        assert "category=ipasset" in self.driver.current_url, self.driver.current_url
        self.check_labels("auditor-history-sorted")
        self.check_axe("auditor-history-sorted")

    def another_partys_asset_is_404(self):
        self.sign_in("company", "jd")
        status, _ = self.raw("GET", "/console/ip-assets/tencent-cuhksz-nlp-2019", headers={"Cookie": f"labledger_console={self.session_cookie()}"})
        assert status == 404, f"status {status}"
        self.open("/console/ip-assets/tencent-cuhksz-nlp-2019")
        assert "Not found" in self.driver.title, self.driver.title
        assert "tencent-cv-cn" not in self.driver.page_source
        self.check_labels("not-found")
        self.check_axe("not-found")
        self.shoot("company-not-found")

    def university_walk(self):
        self.sign_in("university", "cuhk-shenzhen")
        self.check_page("university-home")
        self.open("/console/outputs?lab=tencent-cuhksz-mi-lab")
        assert "mi-lab-acl-2019-grounded-dialogue" in self.text()
        self.check_page("university-outputs")
        self.open("/console/deadlines")
        self.check_page("university-deadlines")

    def university_registers_an_output_after_a_field_error(self):
        self.sign_in("university", "cuhk-shenzhen")
        self.open("/console/outputs/new?lab=tencent-cuhksz-mi-lab")
        self.check_page("university-register-output")
        fill = {
            "output": "Not A Slug", "title": "A dialogue corpus", "affiliations": "cuhk-shenzhen",
            "contributors": "0000-0002-1825-0097 data-curation",
        }
        for field, value in fill.items():
            self.driver.find_element(By.ID, field).send_keys(value)
        self.driver.execute_script("document.getElementById('date').value = '2020-03-01'")
        self.submit("form.stack button[type=submit]", lambda url: url.endswith("/console/outputs/new"))
        error = self.driver.find_element(By.ID, "output-error")
        assert error.text, "no error beside the output field"
        assert self.driver.find_element(By.ID, "output").get_attribute("aria-invalid") == "true"
        assert self.driver.find_element(By.ID, "title").get_attribute("value") == "A dialogue corpus"
        self.check_labels("university-register-output-error")
        self.check_axe("university-register-output-error")
        self.shoot("university-register-output-error")
        box = self.driver.find_element(By.ID, "output")
        box.clear()
        output = f"console-corpus-{int(time.time())}"
        box.send_keys(output)
        self.submit("form.stack button[type=submit]", lambda url: "/console/outputs?" in url)
        assert f"Output {output} was registered." in self.text(), self.text()[:400]
        assert output in self.driver.find_element(By.TAG_NAME, "main").text
        self.registered_output = output

    def university_withdraws_an_output_on_its_page_after_a_field_error(self):
        """The output registered above, from the outputs page's link to its page: the withdrawal
        form first without a date (the API's error beside the date field), then with one."""
        output = self.registered_output
        assert output, "no output was registered by the scenario before"
        self.sign_in("university", "cuhk-shenzhen")
        self.open("/console/outputs?lab=tencent-cuhksz-mi-lab")
        self.driver.find_element(By.CSS_SELECTOR, f"a[href='/console/outputs/{output}']").click()
        WebDriverWait(self.driver, 30).until(lambda d: d.current_url.endswith(f"/console/outputs/{output}"))
        assert self.driver.find_element(By.CSS_SELECTOR, "dd.status").text == "registered"
        self.check_page("university-output")
        self.driver.find_element(By.ID, "withdrawal-reason").send_keys("Registered by the browser suite.")
        self.driver.execute_script("document.getElementById('withdrawal-withdrawnOn').value = ''")
        self.submit("form[action$='/withdrawal'] button[type=submit]", lambda url: url.endswith(f"/console/outputs/{output}/withdrawal"))
        error = self.driver.find_element(By.ID, "withdrawal-withdrawnOn-error")
        assert error.text, "no error beside the withdrawal date"
        assert self.driver.find_element(By.ID, "withdrawal-withdrawnOn").get_attribute("aria-invalid") == "true"
        assert self.driver.find_element(By.ID, "withdrawal-reason").get_attribute("value") == "Registered by the browser suite."
        assert self.driver.find_element(By.CSS_SELECTOR, "dd.status").text == "registered"
        self.check_labels("university-output-error")
        self.check_axe("university-output-error")
        self.shoot("university-output-error")
        self.driver.execute_script("document.getElementById('withdrawal-withdrawnOn').value = '2020-03-02'")
        self.submit("form[action$='/withdrawal'] button[type=submit]", lambda url: "done=withdrawal" in url)
        assert "Output withdrawn." in self.text(), self.text()[:400]
        assert self.driver.find_element(By.CSS_SELECTOR, "dd.status").text == "withdrawn"
        assert not self.driver.find_elements(By.CSS_SELECTOR, "form[action$='/withdrawal']")
        self.check_page("university-output-withdrawn")

    def csrf_less_posts_are_refused(self):
        self.sign_in("university", "cuhk-shenzhen")
        cookie = f"labledger_console={self.session_cookie()}"
        form = "lab=tencent-cuhksz-mi-lab&output=forged-output&kind=paper&title=x&date=2020-01-01&affiliations=cuhk-shenzhen"
        headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
        status, body = self.raw("POST", "/console/outputs/new", form, headers)
        assert status == 403, f"register without CSRF: {status}"
        status, _ = self.raw("POST", "/console/outputs/new", form + "&csrf=forged", headers)
        assert status == 403, f"register with a forged CSRF token: {status}"
        status, _ = self.raw("POST", "/console/sign-out", "", headers)
        assert status == 403, f"sign-out without CSRF: {status}"
        status, _ = self.raw("POST", "/console/sign-in", "key=" + self.keys[("admin", None)], {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 403, f"sign-in without CSRF: {status}"
        # The refused posts wrote nothing and ended nothing.
        self.open("/console/outputs?lab=tencent-cuhksz-mi-lab")
        assert "forged-output" not in self.text()
        assert self.driver.current_url.endswith("lab=tencent-cuhksz-mi-lab")

    def operator_walk(self):
        self.sign_in("operator")
        self.check_page("operator-home")
        self.open("/console/labs")
        assert "HKAI" in self.text() or "hkai-lab" in self.text()
        self.check_page("operator-labs")
        self.open("/console/labs/tencent-cuhksz-mi-lab")
        assert self.driver.find_elements(By.CSS_SELECTOR, "figure.chart svg rect.bar"), "no funding chart"
        assert "tencent-cuhksz-2018" in self.text()
        self.check_page("operator-lab")
        self.open("/console/labs/hkai-lab")
        assert "hkai-2018-r1" in self.text()
        self.check_page("operator-lab-hkai")

    def auditor_walk(self):
        self.sign_in("auditor")
        self.check_page("auditor-home")
        self.open("/console/history?types=LicenceGranted")
        assert self.text().count("LicenceGranted") >= 2
        self.check_page("auditor-history")
        self.driver.find_element(By.LINK_TEXT, "ipasset-tencent-cuhksz-nlp-2019").click()
        WebDriverWait(self.driver, 30).until(lambda d: "/console/streams/" in d.current_url)
        assert "InventionDisclosed" in self.text()
        self.check_page("auditor-stream")
        for _ in range(60):
            self.open("/console/audit")
            if "Verified: every check passed." in self.text():
                break
            time.sleep(1)
        assert "Verified: every check passed." in self.text(), self.text()[:600]
        self.check_page("auditor-verification")
        link = self.driver.find_element(By.PARTIAL_LINK_TEXT, "Download the bundle")
        status, body = self.raw("GET", urllib.parse.urlparse(link.get_attribute("href")).path + "?" + urllib.parse.urlparse(link.get_attribute("href")).query,
                                headers={"Cookie": f"labledger_console={self.session_cookie()}"})
        assert status == 200, status
        assert body.startswith('{"axis"') and '"type":"end"' in body, body[:200]
        self.sign_out()

    def run(self):
        scenarios = [
            ("read models caught up", self.wait_for_read_models),
            ("sign-in page", self.sign_in_page),
            ("keyboard-only sign-in", self.keyboard_only_sign_in),
            ("company walks its pages", self.company_walk),
            ("rights map shows the demo's exclusive licence", self.rights_map_shows_the_exclusive_licence),
            ("the asset page charts the demo licence's royalties with its table", self.royalty_chart_with_its_table),
            ("sorting a table by a header link reorders its rows", self.sorting_by_a_header_link_reorders_rows),
            ("a company key cannot open another party's asset (404)", self.another_partys_asset_is_404),
            ("university walks its pages", self.university_walk),
            ("university registers an output after a field error", self.university_registers_an_output_after_a_field_error),
            ("university withdraws an output on its page after a field error", self.university_withdraws_an_output_on_its_page_after_a_field_error),
            ("CSRF-less posts are refused (403)", self.csrf_less_posts_are_refused),
            ("operator walks its pages", self.operator_walk),
            ("auditor walks its pages", self.auditor_walk),
        ]
        try:
            for name, scenario in scenarios:
                started = time.monotonic()
                try:
                    scenario()
                    self.passed += 1
                    log(f"PASS {name} ({time.monotonic() - started:.1f} s)")
                except Exception:
                    self.failed += 1
                    log(f"FAIL {name}\n{traceback.format_exc()}")
        finally:
            self.driver.quit()
        log(f"axe-core and label checks ran on {len(self.axe_pages)} pages: {', '.join(self.axe_pages)}")
        print(f"{self.passed} passed, {self.failed} failed", flush=True)
        return self.failed == 0


TIMED = [
    # (role, party, console page, the API call it is built on)
    ("company", "tencent", "/console/ip-assets", "/v1/ip-assets?party=tencent&limit=25"),
    ("company", "tencent", "/console/ip-assets/tencent-cuhksz-nlp-2019", "/v1/ip-assets/tencent-cuhksz-nlp-2019"),
    ("company", "tencent", "/console/rights-map?asset=tencent-cuhksz-nlp-2019&on=2026-01-01", "/v1/ip-assets/tencent-cuhksz-nlp-2019"),
    ("company", "tencent", "/console/availability?asset=tencent-cuhksz-nlp-2019&licensee=huawei&field=computer_vision&territory=CN&on=2026-01-01&exclusive=true",
     "/v1/ip-assets/tencent-cuhksz-nlp-2019/availability?licensee=huawei&field=computer_vision&territory=CN&on=2026-01-01&exclusive=true"),
    ("university", "cuhk-shenzhen", "/console/outputs?lab=tencent-cuhksz-mi-lab", "/v1/labs/tencent-cuhksz-mi-lab/outputs?limit=100"),
    ("university", "cuhk-shenzhen", "/console/deadlines", "/v1/deadlines?party=cuhk-shenzhen&limit=100"),
    ("operator", None, "/console/labs", "/v1/labs?limit=50"),
    ("operator", None, "/console/labs/tencent-cuhksz-mi-lab", "/v1/labs/tencent-cuhksz-mi-lab/funding?limit=1000"),
    ("auditor", None, "/console/history?types=LicenceGranted", "/v1/events?types=LicenceGranted&limit=50"),
    ("auditor", None, "/console/streams/ipasset-tencent-cuhksz-nlp-2019", "/v1/streams/ipasset-tencent-cuhksz-nlp-2019/events?limit=100"),
    ("auditor", None, "/console/audit", "/v1/audit/checkpoint"),
]


def timings(base, keys, rounds=30):
    """Each page's time beside its API call's, on one connection each, after a warm-up:
    median and 90th percentile of `rounds` requests, in milliseconds (client-side, loopback)."""
    parsed = urllib.parse.urlparse(base)

    def timed(path, headers):
        connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
        samples = []
        for round in range(rounds + 3):
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            assert response.status == 200, f"{path}: {response.status}"
            if round >= 3:
                samples.append((time.perf_counter() - started) * 1000)
        connection.close()
        samples.sort()
        return samples[len(samples) // 2], samples[int(len(samples) * 0.9) - 1]

    def session(role, party):
        connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
        connection.request("GET", "/console/sign-in")
        response = connection.getresponse()
        page = response.read().decode()
        signin_cookie = response.getheader("Set-Cookie").split(";")[0]
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"csrf": token, "key": keys[(role, party)]})
        connection.request("POST", "/console/sign-in", body=body, headers={"Cookie": signin_cookie, "Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
        cookie = [c for c in response.headers.get_all("Set-Cookie") if c.startswith("labledger_console=")][0].split(";")[0]
        connection.close()
        return cookie

    lines = ["| page | median ms | p90 ms | API call | median ms | p90 ms |", "|---|---:|---:|---|---:|---:|"]
    for role, party, page, api in TIMED:
        cookie = session(role, party)
        page_median, page_p90 = timed(page, {"Cookie": cookie})
        api_median, api_p90 = timed(api, {"Authorization": f"Bearer {keys[(role, party)]}"})
        lines.append(f"| `{page}` | {page_median:.1f} | {page_p90:.1f} | `{api}` | {api_median:.1f} | {api_p90:.1f} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", required=True)
    parser.add_argument("--keys", required=True, help="the serve log holding the demo's keys")
    parser.add_argument("--screenshots", help="save every page at desktop and phone widths here")
    parser.add_argument("--timings", help="after the scenarios, time each page beside its API call and write the table here")
    arguments = parser.parse_args()
    keys = read_keys(arguments.keys)
    if arguments.screenshots:
        os.makedirs(arguments.screenshots, exist_ok=True)
    suite = Suite(arguments.base, keys, arguments.screenshots)
    ok = suite.run()
    if arguments.timings:
        table = timings(arguments.base, keys)
        with open(arguments.timings, "w", encoding="utf-8") as handle:
            handle.write(table + "\n")
        log(table)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
