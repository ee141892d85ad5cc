// Signup pages: live village search, live subdomain check, provisioning progress.
// Every page works without this script (plain forms and a meta refresh).
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function villageSearch(input) {
    var results = document.getElementById("results");
    var msg = results.dataset;
    var latest = 0;
    function show(data) {
      results.replaceChildren();
      if (data.too_short) { results.appendChild(el("p", "muted", msg.msgShort)); return; }
      if (!data.hits.length) { results.appendChild(el("p", "", msg.msgNone)); return; }
      var list = el("ul", "hits");
      data.hits.forEach(function (hit) {
        var link = el("a");
        link.href = hit.url;
        link.appendChild(el("strong", "", hit.name));
        link.appendChild(document.createTextNode(" "));
        link.appendChild(el("span", "muted", hit.code));
        link.appendChild(el("span", "place", msg.msgKec + " " + hit.kecamatan + ", " + hit.kabupaten + ", " + hit.provinsi));
        if (hit.on_balai) link.appendChild(el("span", "badge", msg.msgOnBalai));
        var item = el("li");
        item.appendChild(link);
        list.appendChild(item);
      });
      results.appendChild(list);
      if (data.more) results.appendChild(el("p", "muted", msg.msgMore));
    }
    var run = debounce(function () {
      var query = input.value.trim();
      if (!query) { results.replaceChildren(); return; }
      var ticket = ++latest;
      fetch(input.dataset.url + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.json().then(function (body) { return [response, body]; }); })
        .then(function (pair) {
          if (ticket !== latest) return;  // an older answer arriving late
          if (!pair[0].ok) { results.replaceChildren(el("p", "errors", pair[1].error || msg.msgError)); return; }
          show(pair[1]);
        })
        .catch(function () { if (ticket === latest) results.replaceChildren(el("p", "errors", msg.msgError)); });
    }, 200);
    input.addEventListener("input", run);
  }

  function slugCheck(input) {
    var status = document.getElementById("slug-status");
    var latest = 0;
    var run = debounce(function () {
      var ticket = ++latest;
      fetch(input.dataset.url + "?slug=" + encodeURIComponent(input.value.trim()))
        .then(function (response) { return response.json(); })
        .then(function (body) {
          if (ticket !== latest) return;
          status.textContent = body.message;
          status.className = body.ok ? "ok" : "errors";
          input.setAttribute("aria-invalid", body.ok ? "false" : "true");
        })
        .catch(function () {});
    }, 250);
    input.addEventListener("input", function () {
      var lowered = input.value.toLowerCase();
      if (lowered !== input.value) input.value = lowered;
      run();
    });
    if (input.value) run();
  }

  function progress(box) {
    var step = document.getElementById("step");
    function poll() {
      fetch(box.dataset.url, { cache: "no-store" })
        .then(function (response) { return response.json(); })
        .then(function (body) {
          if (body.state === "done") { window.location.assign(body.next); return; }
          if (body.state === "failed") {
            box.querySelector('[data-state="working"]').hidden = true;
            box.querySelector('[data-state="failed"]').hidden = false;
            document.getElementById("failure").textContent = body.message;
            return;
          }
          if (body.step) step.textContent = body.step;
          document.getElementById("slow").hidden = !body.slow;
          setTimeout(poll, 1000);
        })
        .catch(function () { setTimeout(poll, 3000); });
    }
    poll();
  }

  var search = document.getElementById("q");
  if (search && search.dataset.url) villageSearch(search);
  var slug = document.getElementById("id_slug");
  if (slug && slug.dataset.url) slugCheck(slug);
  var box = document.getElementById("progress");
  if (box && box.dataset.url) progress(box);
})();
