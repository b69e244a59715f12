// The gate page: scan a pass or slip with the phone's camera where the browser allows it.
// Typing the code always works; the camera button appears only when a camera can be used.
// The browser's own BarcodeDetector is used where it exists; otherwise jsQR (installed from
// npm, served by this site) is loaded on the first press. No CDN, no inline script (CSP).
(function () {
  var button = document.getElementById("gate-scan");
  var input = document.getElementById("gate-code");
  var video = document.getElementById("gate-video");
  var help = document.getElementById("gate-scan-help");
  if (input) { input.focus(); }
  if (!button || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { return; }
  button.classList.remove("d-none");
  var stream = null;
  var detector = null;
  var canvas = document.createElement("canvas");

  function loadJsQR() {
    return new Promise(function (resolve, reject) {
      if (window.jsQR) { resolve(); return; }
      var s = document.createElement("script");
      s.src = button.getAttribute("data-jsqr");
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  function stop() {
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
    stream = null;
    video.classList.add("d-none");
    help.classList.add("d-none");
  }

  function found(text) {
    stop();
    input.value = text;
    input.form.submit();
  }

  function frame() {
    if (!stream) { return; }
    if (video.readyState < 2) { requestAnimationFrame(frame); return; }
    if (detector) {
      detector.detect(video).then(function (codes) {
        if (codes.length) { found(codes[0].rawValue); } else { setTimeout(frame, 150); }
      }).catch(function () { setTimeout(frame, 300); });
      return;
    }
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    var ctx = canvas.getContext("2d");
    ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
    var img = ctx.getImageData(0, 0, canvas.width, canvas.height);
    var code = window.jsQR(img.data, img.width, img.height, { inversionAttempts: "dontInvert" });
    if (code && code.data) { found(code.data); } else { setTimeout(frame, 200); }
  }

  button.addEventListener("click", function () {
    if (stream) { stop(); return; }
    var ready = ("BarcodeDetector" in window)
      ? Promise.resolve().then(function () { detector = new window.BarcodeDetector({ formats: ["qr_code"] }); })
      : loadJsQR();
    ready.then(function () {
      return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    }).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.classList.remove("d-none");
      help.classList.remove("d-none");
      return video.play();
    }).then(frame).catch(function () {
      stop();
      button.classList.add("d-none");  // no camera here: typing the code still works
    });
  });
}());
