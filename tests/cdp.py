"""A small Chrome DevTools Protocol client over --remote-debugging-pipe (no websocket, no browser download):
enough to drive the system's headless Chromium from a test."""
from __future__ import annotations

import json
import os
import select
import shutil
import subprocess

READ_TIMEOUT = 90          # seconds without a message before the browser is taken for hung (a safety stop only)
MAX_MESSAGES = 100_000


def find_chromium():
    return next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)


class Browser:
    """A headless Chromium driven through the DevTools pipe (fd 3: commands in, fd 4: replies out)."""

    def __init__(self, executable: str, profile: str):
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()

        def wire():                                   # in the child: our pipe ends become fds 3 and 4
            write_end = os.dup(from_browser_w) if from_browser_w == 3 else from_browser_w
            os.dup2(to_browser_r, 3)
            os.dup2(write_end, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.process = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--remote-debugging-pipe", f"--user-data-dir={profile}", "--no-first-run", "--hide-scrollbars",
             "--window-size=1300,1800", "about:blank"],
            preexec_fn=wire, close_fds=False,       # only fds 3 and 4 are inheritable (PEP 446)
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict] = []

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except Exception:                              # noqa: BLE001 - closing anyway
            pass
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self.to_browser, self.from_browser):
            try:
                os.close(fd)
            except OSError:
                pass

    def receive(self) -> dict:
        while b"\0" not in self.buffer:
            ready, _, _ = select.select([self.from_browser], [], [], READ_TIMEOUT)
            if not ready:
                raise TimeoutError("the browser sent nothing")
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise EOFError("the browser closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, session: str | None = None, **params) -> dict:
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        for _ in range(MAX_MESSAGES):
            reply = self.receive()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)
        raise RuntimeError(f"{method}: no reply")

    def wait_event(self, predicate) -> dict:
        for event in self.events:
            if predicate(event):
                self.events.remove(event)
                return event
        for _ in range(MAX_MESSAGES):
            event = self.receive()
            if predicate(event):
                return event
            self.events.append(event)
        raise RuntimeError("event not seen")

    def open(self, url: str) -> Page:
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        page = Page(self, session)
        page.send("Page.enable")
        page.send("Runtime.enable")
        page.send("Page.navigate", url=url)
        self.wait_event(lambda e: e.get("method") == "Page.loadEventFired" and e.get("sessionId") == session)
        return page


class Page:
    def __init__(self, browser: Browser, session: str):
        self.browser = browser
        self.session = session

    def send(self, method: str, **params) -> dict:
        return self.browser.send(method, self.session, **params)

    def js(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def key(self, char: str) -> None:
        """Type one key as a user would (keydown, char, keyup)."""
        self.send("Input.dispatchKeyEvent", type="keyDown", key=char, text=char)
        self.send("Input.dispatchKeyEvent", type="keyUp", key=char)

    def click(self, selector: str) -> None:
        """Click the centre of the element a CSS selector finds, with the mouse."""
        box = self.js(f"(function(){{var e=document.querySelector({json.dumps(selector)});e.scrollIntoView({{block:'center'}});"
                      "var r=e.getBoundingClientRect();return [r.left+r.width/2,r.top+r.height/2];})()")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def screenshot(self, path: str) -> None:
        import base64
        data = self.send("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as handle:
            handle.write(base64.b64decode(data))
