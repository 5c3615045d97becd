"""Reads the console's performance marks in headless chromium (bench/console_bench.sh)."""
import re
import statistics
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

base, access_log, refreshes, expected = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])


def metric(name, label):
    text = urllib.request.urlopen(base + "/metrics").read().decode()
    return sum(float(line.split()[-1]) for line in text.splitlines() if line.startswith(name) and label in line)


def requests_logged():
    with open(access_log) as f:
        return sum(1 for line in f if '"path":"/v1/connectors"' in line)


options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,860", "--disable-gpu"):
    options.add_argument(argument)
driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
try:
    # Loopback, empty cache: the time to the first paint and to the table of the connectors.
    firsts = []
    for attempt in range(5):
        driver.execute_cdp_cmd("Network.clearBrowserCache", {})
        driver.get(base + "/#/connectors")
        WebDriverWait(driver, 120, 0.05).until(lambda d: d.execute_script(
            "return window.connqlConsole && window.connqlConsole.renders.length > 0"))
        firsts.append(driver.execute_script("""
            const paint = performance.getEntriesByName('first-contentful-paint')[0];
            const nav = performance.getEntriesByType('navigation')[0];
            const answer = performance.getEntriesByName('connectors:answer')[0];
            const table = performance.getEntriesByName('connectors:rendered')[0];
            const api = performance.getEntriesByType('resource').filter(r => r.name.endsWith('/v1/connectors'))[0];
            return {fcp: paint ? paint.startTime : null, dom: nav.domContentLoadedEventEnd, answer: answer.startTime,
                    table: table.startTime, api: api ? api.duration : null,
                    rows: document.querySelectorAll('#connector-rows tr[data-name]').length};"""))
    print("first load, cache empty (%d loads; median):" % len(firsts))
    for key, what in (("fcp", "first contentful paint (the page, before any data)"),
                      ("dom", "DOMContentLoaded (the three files loaded and run)"),
                      ("api", "GET /v1/connectors, as the browser timed it"),
                      ("table", "the table rendered, from navigation start")):
        print("  %-55s %7.1f ms" % (what, statistics.median(f[key] for f in firsts)))
    print("  rows in the table: %d (expected %d)" % (firsts[-1]["rows"], expected))

    # Refreshes: each one request, whatever the number of connectors.
    driver.get(base + "/#/connectors")
    WebDriverWait(driver, 120, 0.05).until(lambda d: d.execute_script("return window.connqlConsole.renders.length > 0"))
    logged_before, calls_before = requests_logged(), metric("connql_connect_calls_total", 'endpoint="GET /connectors"')
    loads_before = driver.execute_script("return window.connqlConsole.requests.connectors")
    WebDriverWait(driver, 30 + 10 * refreshes, 0.2).until(lambda d: d.execute_script(
        "return window.connqlConsole.renders.length") > refreshes)
    time.sleep(0.5)  # the last request's access log line
    renders = driver.execute_script("return window.connqlConsole.renders")
    loads = driver.execute_script("return window.connqlConsole.requests.connectors") - loads_before
    logged = requests_logged() - logged_before
    calls = metric("connql_connect_calls_total", 'endpoint="GET /connectors"') - calls_before - 1  # /metrics' own read
    build = [r["build_ms"] for r in renders]
    painted = [r["painted_ms"] for r in renders]
    print("refreshes of the table (%d renders of %d rows):" % (len(renders), renders[-1]["rows"]))
    print("  answer arrived -> table built:      median %6.1f ms, max %6.1f ms" % (statistics.median(build), max(build)))
    print("  answer arrived -> next frame:       median %6.1f ms, max %6.1f ms" % (statistics.median(painted), max(painted)))
    print("  refreshes: %d; GET /v1/connectors in the access log: %d; Connect list calls: %d" % (loads, logged, int(calls)))
    other = 0
    with open(access_log) as f:
        other = sum(1 for line in f if line.startswith("{") and '"path":"/v1/connectors"' not in line and '"path":"/console/' not in line
                    and '"path":"/"' not in line and '"path":"/v1/session"' not in line and '"path":"/metrics"' not in line and '"path":"/info"' not in line)
    print("  other API requests during the run: %d" % other)
finally:
    driver.quit()
