// Faultline web app: small, dependency-free enhancements. Every page works without this file.
// Served from /static (the CSP allows scripts from this server only); no inline handlers, no eval,
// and text from the server is only ever set with textContent, never as HTML.
"use strict";

function csrfToken(form) {
  const field = form.querySelector('input[name="csrf"]');
  return field ? field.value : "";
}

// Ingest: send the files with upload progress, then follow the job's progress.
function enhanceUpload() {
  const form = document.getElementById("upload");
  if (!form) return;
  const bar = document.getElementById("upload-progress");
  const status = document.getElementById("upload-status");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("Accept", "application/json");
    request.setRequestHeader("X-CSRF-Token", csrfToken(form));
    bar.hidden = false;
    request.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) {
        bar.value = Math.round((100 * e.loaded) / e.total);
        status.textContent = "uploading " + bar.value + "%";
      }
    });
    request.addEventListener("load", () => {
      let body = {};
      try { body = JSON.parse(request.responseText); } catch (err) { body = {}; }
      if (request.status === 202 && body.id) {
        window.location.assign("/ingest/" + encodeURIComponent(body.id));
      } else {
        status.textContent = "refused: " + (body.error || request.statusText);
      }
    });
    request.addEventListener("error", () => { status.textContent = "the upload failed: is the server running?"; });
    request.send(new FormData(form));
  });
}

// A running ingest job: poll its JSON twin and reload when it is done.
function followJob() {
  const job = document.getElementById("job");
  if (!job || !["queued", "running"].includes(job.dataset.state)) return;
  const poll = () => {
    fetch("/api/ingest/" + encodeURIComponent(job.dataset.job), { headers: { Accept: "application/json" } })
      .then((r) => r.json())
      .then((data) => {
        document.getElementById("job-state").textContent = data.state;
        document.getElementById("job-records").textContent = data.records;
        document.getElementById("job-stored").textContent = data.stored;
        document.getElementById("job-rejected").textContent = data.rejected;
        if (data.state === "queued" || data.state === "running") {
          window.setTimeout(poll, 500);
        } else {
          window.location.reload();
        }
      })
      .catch(() => window.setTimeout(poll, 2000));
  };
  window.setTimeout(poll, 300);
}

// An article: selecting words inside one sentence fills the "file as evidence" form.
function selectionToEvidence() {
  const form = document.getElementById("add-evidence");
  const text = document.querySelector(".doc .text");
  if (!form || !text) return;
  const fill = (sentence, quote) => {
    form.elements.sentence_id.value = sentence.dataset.sid;
    form.elements.quote.value = quote;
  };
  text.addEventListener("mouseup", () => {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed) return;
    const start = selection.anchorNode && selection.anchorNode.parentElement ? selection.anchorNode.parentElement.closest(".sentence") : null;
    const end = selection.focusNode && selection.focusNode.parentElement ? selection.focusNode.parentElement.closest(".sentence") : null;
    if (start && start === end) fill(start, selection.toString().trim());
  });
  text.querySelectorAll("a.sid").forEach((link) => {
    link.addEventListener("click", () => fill(link.closest(".sentence"), ""));
  });
}

document.addEventListener("DOMContentLoaded", () => {
  enhanceUpload();
  followJob();
  selectionToEvidence();
});
