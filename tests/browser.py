"""Headless Chromium with the network blocked, driven over the DevTools protocol.

The browser tests open pages with it, and :func:`labels` reads the node labels
a page draws; ``tools/screenshots.py`` takes the README's pictures with it. Run
as a script it saves a screenshot of any page::

    .venv/bin/python tests/browser.py out/cooccurrence.html page.png

Chromium comes from Debian (``apt-get install chromium``; ``.ci/run`` does it),
the protocol client from PyPI (``websocket-client``, in the ``test`` extra).
Any request the page makes for anything but a file or inline data is
recorded in :attr:`Browser.requests`, and a host-resolver rule and a dead
proxy make sure none reaches the network.
"""
from __future__ import annotations

import base64
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import websocket

__all__ = ["Browser", "CHROMIUM", "Label", "labels"]

CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)


class Browser:
    """One headless Chromium with one page.

    ``errors`` collects console errors, uncaught exceptions and failed loads;
    ``requests`` every URL the page asked for that is not ``file:`` or ``data:``.
    """

    def __init__(self, width: int = 1400, height: int = 900, start_timeout: float = 30):
        self.errors: list[str] = []
        self.requests: list[str] = []
        # Chromium's helper processes may still write to the profile as it closes
        self._profile = tempfile.TemporaryDirectory(prefix="govkg-chromium-", ignore_cleanup_errors=True)
        self._ids = itertools.count(1)
        self._process = subprocess.Popen([
            CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--mute-audio",
            f"--user-data-dir={self._profile.name}", "--remote-debugging-port=0", f"--window-size={width},{height}",
            # no network: names resolve to nothing, and anything that still tries goes to a closed port
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--proxy-server=127.0.0.1:9",
            "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = Path(self._profile.name) / "DevToolsActivePort"
        deadline = time.monotonic() + start_timeout
        while not (port_file.exists() and port_file.read_text().count("\n") >= 1):
            if time.monotonic() > deadline or self._process.poll() is not None:
                self.close()
                raise RuntimeError(f"{CHROMIUM} did not start")
            time.sleep(0.05)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as listing:
            page = next(t for t in json.load(listing) if t["type"] == "page")
        self._ws = websocket.create_connection(page["webSocketDebuggerUrl"], suppress_origin=True, timeout=60)
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        # the page itself that size (the window's would include what a window has around its page)
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)

    def call(self, method: str, **params) -> dict:
        """Send one protocol command and return its result, noting the events that arrive meanwhile."""
        msg_id = next(self._ids)
        self._ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self._ws.recv())
            if msg.get("id") == msg_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg["result"]
            self._note(msg.get("method"), msg.get("params", {}))

    def _note(self, event: str | None, params: dict) -> None:
        if event == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
            self.errors.append(" ".join(str(a.get("value", a.get("description"))) for a in params["args"]))
        elif event == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.errors.append(details.get("exception", {}).get("description") or details["text"])
        elif event == "Log.entryAdded" and params["entry"]["level"] == "error":
            self.errors.append(params["entry"]["text"])
        elif event == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if not url.startswith(("file:", "data:", "about:")):
                self.requests.append(url)

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']['text']}")
        return result["result"].get("value")

    def open(self, path: Path) -> None:
        """Start loading a file, forgetting the last page's errors and requests; returns at once."""
        self.errors.clear()
        self.requests.clear()
        self.call("Page.navigate", url=path.resolve().as_uri())

    def wait_for(self, expression: str, timeout: float):
        """Poll until ``expression`` is truthy in the page; its value, or None on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if value := self.evaluate(expression):
                    return value
            except RuntimeError:  # the new page is not there yet
                pass
            time.sleep(0.05)
        return None

    def click(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def screenshot(self, path: Path) -> None:
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"]))

    def close(self) -> None:
        if getattr(self, "_ws", None):
            self._ws.close()
        self._process.terminate()
        try:
            self._process.wait(10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._profile.cleanup()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# every text the graph's canvas draws in one frame, as fillText draws it: its box on screen (CSS pixels) and size
_TEXTS = """new Promise(done => {
  const ctx = document.querySelector("#graph canvas").getContext("2d");
  const texts = [], fill = ctx.fillText;
  ctx.fillText = function (text, x, y) {
    const m = this.measureText(text), t = this.getTransform(), ratio = window.devicePixelRatio;
    const at = this.canvas.getBoundingClientRect();
    const [left, right] = [x - m.actualBoundingBoxLeft, x + m.actualBoundingBoxRight].map(v => at.x + (t.a * v + t.e) / ratio);
    const [top, bottom] = [y - m.actualBoundingBoxAscent, y + m.actualBoundingBoxDescent].map(v => at.y + (t.d * v + t.f) / ratio);
    texts.push({text, size: Number(/([\\d.]+)px/.exec(this.font)[1]) * t.a / ratio, box: [left, top, right, bottom]});
    return fill.apply(this, arguments);
  };
  govkg.network.redraw();
  requestAnimationFrame(() => requestAnimationFrame(() => { delete ctx.fillText; done(texts); }));
})"""


@dataclass
class Label:
    """A label drawn on the graph: its lines, its size in pixels on screen, its box (left, top, right, bottom)."""

    text: str
    size: float
    box: tuple[float, float, float, float]

    def area(self) -> float:
        return (self.box[2] - self.box[0]) * (self.box[3] - self.box[1])

    def overlap(self, other: Label) -> float:
        """The area two boxes share, as a share of the smaller one."""
        width = min(self.box[2], other.box[2]) - max(self.box[0], other.box[0])
        height = min(self.box[3], other.box[3]) - max(self.box[1], other.box[1])
        return max(width, 0) * max(height, 0) / max(min(self.area(), other.area()), 1e-9)


def labels(browser: Browser) -> list[Label]:
    """The node labels the page draws now: one frame's fillText calls, a label's lines (drawn one after the
    other, centred on one x, each under the last) taken together."""
    found: list[Label] = []
    texts = browser.evaluate(_TEXTS)
    # a text drawn twice on one spot (a selected node's neighbours are drawn again over the veil) is one
    for t in [t for i, t in enumerate(texts) if t not in texts[:i]]:
        last = found[-1] if found else None
        if last and abs(t["box"][0] + t["box"][2] - last.box[0] - last.box[2]) < t["size"] and \
                -0.3 * t["size"] < t["box"][1] - last.box[3] < 0.6 * t["size"] and abs(t["size"] - last.size) < 0.01:
            found[-1] = Label(last.text + "\n" + t["text"], last.size, (
                min(last.box[0], t["box"][0]), last.box[1], max(last.box[2], t["box"][2]), t["box"][3]))
        else:
            found.append(Label(t["text"], t["size"], tuple(t["box"])))
    return found


def main(page: str, png: str, width: int = 1400, height: int = 900) -> None:
    """Save a screenshot of ``page`` once its graph is drawn."""
    with Browser(int(width), int(height)) as browser:
        browser.open(Path(page))
        if not browser.wait_for("document.body && document.body.dataset.drawnMs", 30):
            sys.exit(f"{page}: the graph was not drawn within 30 s")
        time.sleep(0.5)  # let the labels settle on the first frames
        browser.screenshot(Path(png))


if __name__ == "__main__":
    main(*sys.argv[1:])
