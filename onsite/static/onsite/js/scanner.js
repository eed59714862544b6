/* The ticket scanner (reception desk, workshop doors, exhibitors' stands): reads a ticket's QR code with the camera or from a photo, puts the
   code in the code form and sends it. The browser's BarcodeDetector is used where it exists,
   the vendored jsQR decoder elsewhere. Without JavaScript the block stays hidden and the
   typed code and the search by name still work. */
(function () {
  "use strict";

  var MAX_SIDE = 1024; // larger photos are scaled down before decoding

  function nativeDetector() {
    if (!("BarcodeDetector" in window)) {
      return Promise.resolve(null);
    }
    return window.BarcodeDetector.getSupportedFormats()
      .then(function (formats) {
        return formats.indexOf("qr_code") === -1
          ? null
          : new window.BarcodeDetector({ formats: ["qr_code"] });
      })
      .catch(function () {
        return null;
      });
  }

  function decodeWithJsQR(source, width, height, canvas) {
    if (typeof window.jsQR !== "function" || !width || !height) {
      return null;
    }
    var scale = Math.min(1, MAX_SIDE / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    var context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    var image = context.getImageData(0, 0, canvas.width, canvas.height);
    var found = window.jsQR(image.data, image.width, image.height, {
      inversionAttempts: "attemptBoth",
    });
    return found && found.data ? found.data : null;
  }

  function setUp(block) {
    var section = block.closest(".scanner");
    var form = section.querySelector("[data-scanner-form]");
    var input =
      form.querySelector("[data-scanner-code]") || form.querySelector("input[name=code]");
    var startButton = block.querySelector("[data-scanner-start]");
    var stopButton = block.querySelector("[data-scanner-stop]");
    var video = block.querySelector("[data-scanner-video]");
    var photo = block.querySelector("[data-scanner-photo]");
    var status = block.querySelector("[data-scanner-status]");
    var canvas = document.createElement("canvas");
    var detectorReady = nativeDetector();
    var stream = null;
    var sent = false;

    function say(text) {
      status.textContent = text;
    }

    function send(code) {
      if (sent) {
        return;
      }
      sent = true;
      stop();
      input.value = code.trim();
      say("Code lu : " + input.value + ". Envoi…");
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit();
      } else {
        form.submit();
      }
    }

    function decode(source, width, height) {
      return detectorReady.then(function (detector) {
        if (detector) {
          return detector
            .detect(source)
            .then(function (codes) {
              return codes.length ? codes[0].rawValue : null;
            })
            .catch(function () {
              return decodeWithJsQR(source, width, height, canvas);
            });
        }
        return decodeWithJsQR(source, width, height, canvas);
      });
    }

    function stop() {
      if (stream) {
        stream.getTracks().forEach(function (track) {
          track.stop();
        });
        stream = null;
      }
      video.hidden = true;
      stopButton.hidden = true;
      startButton.hidden = false;
    }

    function scanFrame() {
      if (!stream || sent) {
        return;
      }
      if (video.readyState < 2) {
        window.requestAnimationFrame(scanFrame);
        return;
      }
      decode(video, video.videoWidth, video.videoHeight).then(function (code) {
        if (code) {
          send(code);
        } else {
          window.setTimeout(scanFrame, 150);
        }
      });
    }

    startButton.addEventListener("click", function () {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        say("La caméra n’est pas disponible ici : prenez le billet en photo ou tapez le code.");
        return;
      }
      say("Ouverture de la caméra…");
      navigator.mediaDevices
        .getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (mediaStream) {
          stream = mediaStream;
          video.srcObject = mediaStream;
          video.hidden = false;
          startButton.hidden = true;
          stopButton.hidden = false;
          stopButton.focus();
          return video.play();
        })
        .then(function () {
          say("Visez le QR code du billet.");
          scanFrame();
        })
        .catch(function () {
          stop();
          say("La caméra n’a pas pu s’ouvrir : prenez le billet en photo ou tapez le code.");
        });
    });

    stopButton.addEventListener("click", function () {
      stop();
      say("Caméra arrêtée.");
      startButton.focus();
    });

    photo.addEventListener("change", function () {
      var file = photo.files && photo.files[0];
      if (!file) {
        return;
      }
      say("Lecture de la photo…");
      // createImageBitmap needs no blob: URL, which the CSP (img-src 'self') would refuse.
      window
        .createImageBitmap(file)
        .then(function (bitmap) {
          return decode(bitmap, bitmap.width, bitmap.height);
        })
        .then(function (code) {
          if (code) {
            send(code);
          } else {
            say("Aucun QR code lisible sur cette photo : réessayez de plus près, ou tapez le code.");
          }
        })
        .catch(function () {
          say("Cette image n’a pas pu être lue : réessayez, ou tapez le code.");
        });
    });

    window.addEventListener("pagehide", stop);
    block.hidden = false;
  }

  document.querySelectorAll("[data-scanner]").forEach(setUp);
})();
