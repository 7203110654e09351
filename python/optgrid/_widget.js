// optgrid.explore's widget (anywidget): the live viewer's page — the same page `optgrid serve`
// serves — in an iframe, its requests carried to the engine in the kernel by the widget's
// messages instead of HTTP. The iframe keeps the page's ids and styles apart from the
// notebook's; it has the notebook's origin (srcdoc), so the two halves call each other directly.

// Runs inside the iframe before the page's script: `fetch` of the page's API becomes a message
// through the widget. The page's AbortController still works (its promise rejects at once; the
// kernel drops the stale request through its client and sequence number, as the server does).
function installFetch() {
  const carry = window.frameElement && window.frameElement.optgridCarry;
  window.fetch = (url, init = {}) => new Promise((resolve, reject) => {
    const signal = init.signal;
    const aborted = () => reject(new DOMException("The request was replaced", "AbortError"));
    if (signal && signal.aborted) return aborted();
    if (signal) signal.addEventListener("abort", aborted, { once: true });
    const headers = init.headers || {};
    carry({
      method: init.method || "GET",
      path: String(url),
      body: init.body || "",
      client: headers["X-Optgrid-Client"] || null,
      seq: +(headers["X-Optgrid-Seq"] || 0),
    }).then(({ status, type, body }) => {
      if (signal) signal.removeEventListener("abort", aborted);
      resolve(new Response(body, { status, headers: { "Content-Type": type } }));
    }, reject);
  });
}

function render({ model, el }) {
  // Replies go to every view of the widget: each view numbers its own requests.
  const view = Math.random().toString(36).slice(2);
  const pending = new Map();
  let sent = 0;
  const onReply = (msg, buffers) => {
    if (!msg || typeof msg.id !== "string" || !pending.has(msg.id)) return;
    const resolve = pending.get(msg.id);
    pending.delete(msg.id);
    const b = buffers && buffers[0];
    const body = !b ? new Uint8Array(0)
      : b instanceof ArrayBuffer ? new Uint8Array(b)
      : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    resolve({ status: msg.status, type: msg.type, body: body.slice() });
  };
  model.on("msg:custom", onReply);

  const frame = document.createElement("iframe");
  frame.title = "optgrid live";
  frame.style.cssText = "width: 100%; border: 0; display: block; min-height: 560px;";
  frame.optgridCarry = (request) => new Promise((resolve) => {
    const id = `${view}:${++sent}`;
    pending.set(id, resolve);
    model.send({ id, ...request });
  });
  const page = model.get("page");
  frame.srcdoc = page.replace("<head>", `<head><script>(${installFetch.toString()})();</script>`);
  // The frame grows with its page, so the notebook scrolls rather than the frame.
  let resize = null;
  frame.addEventListener("load", () => {
    const doc = frame.contentDocument;
    const fit = () => { frame.style.height = `${doc.documentElement.scrollHeight}px`; };
    resize = new ResizeObserver(fit);
    resize.observe(doc.body);
    fit();
  });
  el.appendChild(frame);
  return () => {
    model.off("msg:custom", onReply);
    if (resize) resize.disconnect();
  };
}

export default { render };
