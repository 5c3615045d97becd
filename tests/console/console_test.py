"""The web console in a real browser (Debian's headless chromium, driven by Selenium)
against `connql serve` and the real cluster (CONNECT_URLS, BOOTSTRAP_SERVERS).

Run by tests/console/run.sh (ctest: browser_console). Every test saves a screenshot
into CONSOLE_TEST_OUTPUT (build/test-output/console/<test>.png). Waits are on
conditions (WebDriverWait), never fixed sleeps.
"""

import base64
import json
import os
import re
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

BINARY = os.environ["CONNQL_BINARY"]
OUTPUT = os.environ.get("CONSOLE_TEST_OUTPUT", tempfile.gettempdir())
CONNECT_URLS = os.environ["CONNECT_URLS"]
BOOTSTRAP = os.environ["BOOTSTRAP_SERVERS"]

WRITER = ("ops", "console-sesame")
READER = ("viewer", "look-only")
PREFIX = "console-%d-" % os.getpid()
REFRESH_MS = 5000       # console/app.js: the connectors list is refreshed this often,
FAST_REFRESH_MS = 1000  # and this often for a few seconds after Refresh
SECRET = "console-s3cret-%d" % os.getpid()


class Serve:
    """A `connql serve` on an ephemeral loopback port; its stderr (the access log) in a file."""

    def __init__(self, directory, extra, connect_url=CONNECT_URLS):
        self.log_path = os.path.join(directory, "serve-%d.log" % len(os.listdir(directory)))
        self.log_file = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [BINARY, "serve", "--listen", "127.0.0.1:0", "--connect-url", connect_url,
             "--bootstrap-servers", BOOTSTRAP] + extra,
            stdout=subprocess.DEVNULL, stderr=self.log_file)
        deadline = time.time() + 20
        self.port = None
        while time.time() < deadline and self.port is None and self.process.poll() is None:
            match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", self.log())
            if match:
                self.port = int(match.group(1))
            else:
                time.sleep(0.05)
        if self.port is None:
            log = self.log()
            self.stop()
            raise RuntimeError("connql serve did not start: " + log)
        self.url = "http://127.0.0.1:%d" % self.port

    def log(self):
        with open(self.log_path) as f:
            return f.read()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log_file.close()

    def sql(self, text, user=WRITER):
        request = urllib.request.Request(
            self.url + "/v1/statements", data=json.dumps({"sql": text}).encode(), method="POST",
            headers={"Content-Type": "application/json",
                     "Authorization": "Basic " + base64.b64encode(("%s:%s" % user).encode()).decode()})
        try:
            with urllib.request.urlopen(request, timeout=90) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")


def quoted(name):
    """A name quoted for a statement (docs/language.md): backquotes doubled, and `${` written
    `$${` (inside quotes, the literal text `${`: no variable is substituted)."""
    return "`" + name.replace("`", "``").replace("${", "$${") + "`"


class Console(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="connql-console-")
        users = os.path.join(cls.dir, "users")
        for (user, password), role in ((WRITER, "write"), (READER, "read")):
            subprocess.run([BINARY, "serve", "passwd", users, user, "--role", role], input=password + "\n",
                           text=True, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Each resource is cleaned up even when a later step of setUpClass fails (the
        # cleanups run last-registered first: the connectors are dropped before serve stops).
        # A variable every request starts with: a `${x}` the console sends must stay text.
        cls.serve = Serve(cls.dir, ["--users", users, "--define", "x=FileStreamSourceConnector"])
        cls.addClassCleanup(cls.serve.stop)

        # A source that runs (and feeds the DLQ sink), a sink that fails (its file's folder
        # does not exist), a sink whose records fail into a dead letter topic, and a
        # connector whose name needs quoting (a quote and a backquote) and escaping (markup).
        # (Not a `${x}`: Kafka Connect itself fails on a name with {x} in it, answering 500
        # "The template variable 'x' has no value" to the create and to a delete forwarded
        # to the leader; test_8 checks that the console keeps a `${x}` as text.) The failed
        # connector sorts last by name: it is first in the list only because it failed.
        cls.topic = PREFIX + "lines"
        cls.source = PREFIX + "src"
        cls.failing = PREFIX + "zz-broken-sink"
        cls.dlq_sink = PREFIX + "dlq-sink"
        cls.dlq_topic = PREFIX + "dlq"
        cls.odd = PREFIX + "it's `odd` <img src=x onerror=alert(1)>"
        with open("/tmp/%s.txt" % cls.source, "w") as f:
            f.write("hello\nnot json at all\n")
        statements = [
            "CREATE SOURCE CONNECTOR %s USING 'FileStreamSource' WITH (file = '/tmp/%s.txt', topic = '%s') "
            "FORMAT KEY STRING VALUE STRING;" % (quoted(cls.source), cls.source, cls.topic),
            "CREATE SINK CONNECTOR %s USING 'FileStreamSink' WITH (topics = '%s', file = '/nonexistent/console/out.txt');"
            % (quoted(cls.failing), cls.topic),
            "CREATE SINK CONNECTOR %s USING 'FileStreamSink' WITH (topics = '%s', file = '/tmp/%s.out') "
            "FORMAT KEY STRING VALUE JSON WITH SCHEMAS ON ERROR SEND TO DEAD LETTER TOPIC '%s' WITH CONTEXT HEADERS "
            "REPLICATION FACTOR 1;" % (quoted(cls.dlq_sink), cls.topic, cls.dlq_sink, cls.dlq_topic),
            "CREATE SOURCE CONNECTOR %s USING 'FileStreamSource' WITH (file = '/tmp/%s-odd.txt', topic = '%s-odd', "
            "'connection.password' = '%s');" % (quoted(cls.odd), cls.source, cls.topic, SECRET),
        ]
        cls.addClassCleanup(cls.drop_connectors)  # registered first: a create may fail halfway
        status, body = cls.serve.sql("\n".join(statements))
        if status != 200:
            raise RuntimeError("creating the connectors: %d %s" % (status, body))

        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,860",
                         "--disable-gpu", "--no-first-run", "--disable-extensions"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # for the CSP check in tearDown
        # Selenium is given the driver: its manager would otherwise download one.
        cls.driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
        cls.addClassCleanup(cls.driver.quit)
        cls.driver.set_page_load_timeout(30)
        cls.wait = WebDriverWait(cls.driver, 60, poll_frequency=0.2,
                                 ignored_exceptions=(StaleElementReferenceException,))

    @classmethod
    def drop_connectors(cls):
        names = ", ".join(quoted(n) for n in (cls.source, cls.failing, cls.dlq_sink, cls.odd))
        status, body = cls.serve.sql("DROP CONNECTOR IF EXISTS %s;" % names)
        if status != 200:
            raise RuntimeError("dropping the connectors: %d %s" % (status, body))

    # ------------------------------------------------------------------ helpers
    def tearDown(self):
        path = os.path.join(OUTPUT, self._testMethodName + ".png")
        try:
            self.driver.save_screenshot(path)
            print("\n  screenshot: " + path)
        except WebDriverException as error:
            print("\n  no screenshot: %s" % error)
        # Nothing the console does is refused by its own Content-Security-Policy, and no
        # script error happened.
        problems = [entry["message"] for entry in self.driver.get_log("browser")
                    if "Content Security Policy" in entry["message"] or "Uncaught" in entry["message"]]
        self.assertEqual(problems, [])

    def open(self, fragment, user=WRITER):
        """Opens the console at #fragment, signed in as `user`."""
        self.driver.get(self.serve.url + "/#" + fragment)
        signed_in = self.driver.execute_script("return sessionStorage.getItem('connql.authorization')")
        expected = "Basic " + base64.b64encode(("%s:%s" % user).encode()).decode()
        if signed_in != expected:
            self.driver.execute_script("sessionStorage.clear()")
            self.driver.get(self.serve.url + "/#" + fragment)
            self.driver.refresh()
            user_box = self.wait.until(lambda d: d.find_element(By.ID, "login-user"))
            user_box.send_keys(user[0])
            self.driver.find_element(By.ID, "login-password").send_keys(user[1])
            self.driver.find_element(By.ID, "login-submit").click()
        self.wait.until(lambda d: d.find_element(By.ID, "who-role").text == ("write" if user == WRITER else "read"))

    def text_of(self, element_id):
        """The element's text, "" while it is absent (or just being replaced)."""
        try:
            elements = self.driver.find_elements(By.ID, element_id)
            return elements[0].text if elements else ""
        except StaleElementReferenceException:
            return ""

    def rows(self):
        """The connectors table's rows: (name, shown state)."""
        return [tuple(row) for row in self.driver.execute_script(
            "return Array.from(document.querySelectorAll('#connector-rows tr[data-name]'))"
            ".map(r => [r.dataset.name, r.dataset.state])")]

    def connector_page(self, name, user=WRITER):
        self.open("/connectors/" + urllib.parse.quote(name, safe=""), user)
        self.wait.until(lambda d: self.text_of("connector-name") == name and d.find_elements(By.ID, "status-state"))

    def wait_for_state(self, state):
        self.wait.until(lambda d: self.text_of("status-state") == state,
                        "the connector page never showed %s (it shows %s)" % (state, self.text_of("status-state")))

    # ------------------------------------------------------------------ tests
    def test_1_the_list_shows_the_states_and_a_failed_connector_first(self):
        self.open("/connectors?q=" + urllib.parse.quote(PREFIX))
        self.assertEqual(self.driver.find_element(By.ID, "filter").get_attribute("value"), PREFIX)
        expected = {self.source: "RUNNING", self.failing: "FAILED", self.dlq_sink: "RUNNING", self.odd: "RUNNING"}
        self.wait.until(lambda d: dict(self.rows()) == expected, "the list never showed %s" % expected)
        rows = self.rows()
        self.assertEqual(rows[0], (self.failing, "FAILED"), rows)
        self.assertEqual([name for name, _ in rows[1:]], sorted(name for name, _ in rows[1:]))
        first = self.driver.find_element(By.CSS_SELECTOR, "#connector-rows tr[data-name]")
        self.assertIn("FileStreamSink", first.text)
        self.assertIn("0 / 1", first.text)
        self.assertIn("1 task failed", first.text)
        # A name is text, never markup.
        self.assertEqual(self.driver.find_elements(By.CSS_SELECTOR, "#connector-rows img"), [])
        self.assertEqual(self.driver.find_element(By.LINK_TEXT, self.odd).text, self.odd)
        # The chips count what the filter box lets through (the filter holds this test's prefix).
        chip_count = lambda state: self.driver.find_element(
            By.CSS_SELECTOR, "#chips button[data-state='%s'] .count" % state).text
        self.assertEqual(chip_count(""), "4")
        self.assertEqual(chip_count("FAILED"), "1")
        self.assertEqual(chip_count("RUNNING"), "3")
        # The state chip filters, and the link keeps it.
        self.driver.find_element(By.CSS_SELECTOR, "#chips button[data-state='FAILED']").click()
        self.wait.until(lambda d: self.rows() == [(self.failing, "FAILED")])
        self.assertIn("state=failed", self.driver.current_url)
        # Keyboard: / focuses the filter box.
        self.driver.find_element(By.TAG_NAME, "body").send_keys("/")
        self.assertEqual(self.driver.switch_to.active_element.get_attribute("id"), "filter")
        self.driver.find_element(By.CSS_SELECTOR, "#chips button[data-state='']").click()
        self.wait.until(lambda d: len(self.rows()) == 4)
        self.driver.execute_script("document.activeElement.blur()")

    def console_counts(self):
        """The console's own counters: (tables rendered, GET /v1/connectors sent, the page's clock in ms)."""
        return tuple(self.driver.execute_script(
            "return [window.connqlConsole.renders.length, window.connqlConsole.requests.connectors, performance.now()]"))

    def test_1a_one_request_per_refresh_and_the_skip_link_stays(self):
        self.open("/connectors?q=" + urllib.parse.quote(PREFIX))
        self.wait.until(lambda d: len(self.rows()) == 4)
        # From just after a refresh was shown (none is out then): two refresh periods, exactly
        # one request per refresh, a period apart.
        renders = self.console_counts()[0]
        self.wait.until(lambda d: self.console_counts()[0] > renders)
        renders, requests, started = self.console_counts()
        self.wait.until(lambda d: self.console_counts()[0] >= renders + 2)
        now_renders, now_requests, ended = self.console_counts()
        self.assertEqual((now_renders - renders, now_requests - requests), (2, 2))
        self.assertGreaterEqual(ended - started, 1.8 * REFRESH_MS)
        # Two clicks on Refresh at once (the second while the first request is out): two
        # refreshes one after the other, then one timer (every FAST_REFRESH_MS for a few
        # seconds), never two requests at the same time or a second timer.
        renders, requests = now_renders, now_requests
        self.driver.execute_script("const b = document.getElementById('refresh'); b.click(); b.click();")
        self.wait.until(lambda d: self.console_counts()[0] >= renders + 2)
        renders, now_requests, started = self.console_counts()
        self.assertEqual(now_requests - requests, 2)
        requests = now_requests
        self.wait.until(lambda d: self.console_counts()[0] >= renders + 2)
        now_renders, now_requests, ended = self.console_counts()
        self.assertEqual((now_renders - renders, now_requests - requests), (2, 2))
        self.assertGreaterEqual(ended - started, 1.8 * FAST_REFRESH_MS)
        # The skip link moves the keyboard to the content and leaves the page as it is; a
        # fragment that is no route (#main) does not either.
        url = self.driver.current_url
        self.driver.execute_script("document.querySelector('a.skip').focus()")
        self.driver.switch_to.active_element.send_keys(Keys.ENTER)
        self.wait.until(lambda d: d.switch_to.active_element.get_attribute("id") == "main")
        self.assertEqual(self.driver.current_url, url)
        self.driver.execute_script("location.hash = '#main'")
        self.wait.until(lambda d: d.current_url.endswith("#main"))
        self.assertEqual(self.driver.find_elements(By.XPATH, "//h1[text()='Not found']"), [])
        self.assertEqual(len(self.rows()), 4)
        self.assertEqual(self.driver.find_element(By.CSS_SELECTOR, "main h1").text, "Connectors")

    def test_2_pause_then_resume_changes_the_state_shown(self):
        # The connector whose name has a quote and a backquote: the statements quote it.
        self.connector_page(self.odd)
        self.wait_for_state("RUNNING")
        # Its secret is masked by the engine: the page never holds it.
        self.wait.until(lambda d: d.find_elements(By.ID, "config-table") and d.find_elements(By.ID, "create-sql"))
        self.assertIn("connection.password [hidden]", self.driver.find_element(By.ID, "config-table").text)
        self.assertIn("${", self.text_of("create-sql"))
        self.assertNotIn(SECRET, self.driver.page_source)
        self.driver.find_element(By.CSS_SELECTOR, "button[data-action='pause']").click()
        self.wait_for_state("PAUSED")
        self.open("/connectors?q=" + urllib.parse.quote(PREFIX))
        self.wait.until(lambda d: dict(self.rows()).get(self.odd) == "PAUSED")
        self.connector_page(self.odd)
        self.driver.find_element(By.CSS_SELECTOR, "button[data-action='resume']").click()
        self.wait_for_state("RUNNING")
        self.assertIn("Resumed", self.text_of("outcome"))

    def test_3_a_statement_run_in_the_sql_page_shows_its_result(self):
        self.open("/sql")
        editor = self.wait.until(lambda d: d.find_element(By.ID, "sql-editor"))
        editor.clear()
        editor.send_keys("SHOW CONNECTORS LIKE '%s%%';" % PREFIX)
        editor.send_keys(Keys.CONTROL, Keys.ENTER)
        table = self.wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "section.entity[data-type='connector_list'] table"))
        self.wait.until(lambda d: self.source in table.text and self.failing in table.text)
        self.assertIn("className", table.get_attribute("textContent"))

    def test_4_an_error_in_the_sql_page_shows_its_line_and_column(self):
        self.open("/sql")
        editor = self.wait.until(lambda d: d.find_element(By.ID, "sql-editor"))
        editor.clear()
        editor.send_keys("SHOW CONNECTORS;" + Keys.ENTER + "CREATE SOURCE CONNECTOR x WTH (a = 'b');")
        self.driver.find_element(By.ID, "sql-run").click()
        position = self.wait.until(lambda d: d.find_element(By.ID, "error-position"))
        self.assertEqual(position.text, "line 2, column 27")
        self.assertIn("CREATE SOURCE CONNECTOR x WTH", self.text_of("error-line"))
        caret = self.driver.find_element(By.ID, "error-caret").get_attribute("textContent")
        self.assertEqual(caret.index("^"), 26, repr(caret))
        # The editor's cursor is put on the error.
        start = self.driver.execute_script("return document.getElementById('sql-editor').selectionStart")
        self.assertEqual(start, len("SHOW CONNECTORS;\n") + 26)

    def test_5_the_dead_letter_records_appear(self):
        self.connector_page(self.dlq_sink)

        def records(driver):
            rows = driver.find_elements(By.CSS_SELECTOR, "#dlq-records tbody tr")
            if len(rows) >= 2:
                return rows
            # Not there yet (the sink's consumer starts a few seconds after it): read again.
            if driver.find_elements(By.ID, "dlq-empty") or driver.find_elements(By.ID, "dlq-error"):
                driver.find_element(By.ID, "dlq-reload").click()
            return False

        rows = WebDriverWait(self.driver, 90, poll_frequency=1,
                             ignored_exceptions=(StaleElementReferenceException,)).until(records)
        self.assertIn("VALUE_CONVERTER", rows[0].text)
        self.assertIn("DataException", rows[0].text)
        self.assertIn("hello", rows[0].text)
        self.assertIn(self.topic + "/0@0", rows[0].text)
        # A source has no dead letter queue, and says so.
        self.connector_page(self.source)
        self.wait.until(lambda d: d.find_elements(By.ID, "dlq-none"))
        self.connector_page(self.dlq_sink)
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#dlq-records tbody tr")) >= 2)
        # The screenshot shows the records (docs/images/console-dead-letters.png).
        self.driver.execute_script("document.getElementById('h-dlq').scrollIntoView()")

    def test_6_the_read_role_has_no_write_buttons(self):
        self.connector_page(self.failing, READER)
        self.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#tasks table"))
        self.wait.until(lambda d: d.find_elements(By.ID, "create-sql"))
        self.assertEqual(self.driver.find_elements(By.CSS_SELECTOR, "button[data-action]"), [])
        self.assertFalse(self.driver.find_element(By.ID, "actions-card").is_displayed())
        # The SQL page reads, and shows the server's refusal of a change.
        self.open("/sql", READER)
        editor = self.wait.until(lambda d: d.find_element(By.ID, "sql-editor"))
        editor.clear()
        editor.send_keys("PAUSE CONNECTOR %s;" % quoted(self.source))
        editor.send_keys(Keys.CONTROL, Keys.ENTER)
        message = self.wait.until(lambda d: d.find_element(By.ID, "sql-error-message"))
        self.assertIn("the read role may not run", message.text)
        status, body = self.serve.sql("DESCRIBE CONNECTOR %s;" % quoted(self.source))
        self.assertEqual(body[0]["status"]["connector"]["state"], "RUNNING")

    def test_7_delete_asks_for_the_name_then_removes_the_connector(self):
        # From the filtered list to the connector, and back to the same list after the delete.
        self.open("/connectors?q=" + urllib.parse.quote(PREFIX))
        link = self.wait.until(lambda d: d.find_element(By.LINK_TEXT, self.failing))
        link.click()
        self.wait.until(lambda d: self.text_of("connector-name") == self.failing)
        # The actions appear with the first status read (the name shows at once).
        self.wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "button[data-action='delete']")).click()
        typed = self.wait.until(lambda d: d.find_element(By.ID, "confirm-name"))
        confirm = self.driver.find_element(By.ID, "confirm-yes")
        self.assertFalse(confirm.is_enabled())
        self.assertIn(self.failing, self.driver.find_element(By.ID, "confirm-form").text)
        typed.send_keys("not-its-name")
        self.assertFalse(confirm.is_enabled())
        typed.clear()
        typed.send_keys(self.failing)
        self.assertTrue(confirm.is_enabled())
        confirm.click()
        self.wait.until(lambda d: d.find_elements(By.ID, "connector-rows"))
        self.assertIn("q=" + PREFIX, urllib.parse.unquote(self.driver.current_url))
        self.wait.until(lambda d: any(n == self.source for n, _ in self.rows()) and
                        all(n != self.failing for n, _ in self.rows()))
        status, _ = self.serve.sql("DESCRIBE CONNECTOR %s;" % quoted(self.failing))
        self.assertEqual(status, 404)

    def test_8_plugins_and_a_plugins_config_definitions(self):
        self.open("/plugins")
        link = self.wait.until(lambda d: d.find_element(
            By.LINK_TEXT, "org.apache.kafka.connect.file.FileStreamSourceConnector"))
        link.click()
        self.wait.until(lambda d: "#/plugins/org.apache.kafka.connect.file.FileStreamSourceConnector" in d.current_url)
        table = self.wait.until(lambda d: d.find_element(By.ID, "definition-table"))
        keys = [td.text for td in table.find_elements(By.CSS_SELECTOR, "tbody tr td:first-child")]
        self.assertIn("file", keys)
        self.assertIn("topic", keys)
        # A `${x}` in a class stays text: the console sends it as $${x}. The server defines
        # x=FileStreamSourceConnector, so a substituted ${x} would show that plugin's definitions.
        self.open("/plugins/" + urllib.parse.quote("org.apache.kafka.connect.file.${x}", safe=""))
        error = self.wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#definitions p.error"))
        self.assertIn("plugin 'org.apache.kafka.connect.file.${x}' is not installed", error.text)
        self.assertEqual(self.driver.find_elements(By.ID, "definition-table"), [])

    def test_9_a_cluster_that_is_down_says_so(self):
        # A server whose Connect does not answer (nothing listens on port 1).
        down = Serve(self.dir, [], connect_url="http://127.0.0.1:1")
        try:
            self.driver.get(down.url + "/#/connectors")
            banner = self.wait.until(lambda d: d.find_element(By.ID, "banner") if d.find_element(By.ID, "banner").is_displayed() else False)
            self.assertIn("Kafka Connect is unreachable", banner.text)
            self.assertIn("Could not list the connectors", self.driver.find_element(By.ID, "connector-rows").text)
        finally:
            down.stop()


if __name__ == "__main__":
    os.makedirs(OUTPUT, exist_ok=True)
    unittest.main()
