/* The ticket scanner (reception desk, workshop doors, exhibitors' stands): reads a ticket's
   QR code with the camera or from a photo, puts the code in the code form and sends it. The
   browser's BarcodeDetector is used where it exists, the vendored jsQR decoder elsewhere.
   Without JavaScript the camera block stays hidden and the typed code and the search by name
   still work.

   The scan loop (forms marked data-scan-loop, at the desk and the doors): a code (typed, from
   a barcode reader that types it and Enter, or from the camera) is posted without leaving the
   page; the page's content is replaced by the result page's, except the scanner block itself,
   which stays with the cursor in the code field: the next code can be typed at once, even
   while the previous one is being sent (codes are sent in turn). The result block (role
   status or alert) is filled just after it is inserted, so screen readers announce it.
   Anything unexpected (an error page, an expired session) falls back to posting the form. */
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
      // The scan loop then gives the focus back to the camera button, not to the code field
      // (which would open the phone's keyboard over the result).
      form.dataset.scanSource = "camera";
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

    // The scan loop showed the result in place: the camera may read the next ticket.
    form.addEventListener("scan:shown", function () {
      sent = false;
      say("");
    });

    window.addEventListener("pagehide", stop);
    block.hidden = false;
  }

  /* --- The scan loop ------------------------------------------------------------------ */

  function codeInput(form) {
    return form.querySelector("[data-scanner-code]") || form.querySelector("input[name=code]");
  }

  // Put the result block in place empty, then its content: a live region announces a change.
  function announce(container) {
    var result = container.querySelector("[role=status], [role=alert]");
    if (!result) {
      return;
    }
    var children = Array.prototype.slice.call(result.childNodes);
    children.forEach(function (child) {
      result.removeChild(child);
    });
    window.setTimeout(function () {
      children.forEach(function (child) {
        result.appendChild(child);
      });
    }, 100);
  }

  function setUpLoop(form) {
    var container = form.closest(".reception");
    if (!container || typeof window.fetch !== "function" || !window.DOMParser) {
      return;
    }
    var queue = [];
    var busy = false;

    function fallBack(code) {
      codeInput(form).value = code;
      HTMLFormElement.prototype.submit.call(form);
    }

    // The field keeps its node (and the code being typed); it takes the state the server gave
    // the same field: invalid or not, and the message about it.
    function syncField(input, freshForm) {
      var freshInput = codeInput(freshForm);
      ["class", "aria-invalid", "aria-describedby"].forEach(function (name) {
        if (freshInput.hasAttribute(name)) {
          input.setAttribute(name, freshInput.getAttribute(name));
        } else {
          input.removeAttribute(name);
        }
      });
      form.querySelectorAll(".invalid-feedback").forEach(function (node) {
        node.remove();
      });
      var after = input;
      freshForm.querySelectorAll(".invalid-feedback").forEach(function (node) {
        var copy = document.importNode(node, true);
        after.parentNode.insertBefore(copy, after.nextSibling);
        after = copy;
      });
    }

    function show(html, fromCamera) {
      var page = new window.DOMParser().parseFromString(html, "text/html");
      var fresh = page.querySelector(".reception");
      var freshForm = fresh && fresh.querySelector("[data-scan-keep] form[data-scan-loop]");
      if (!freshForm || freshForm.getAttribute("action") !== form.getAttribute("action")) {
        return false;
      }
      var scanner = form.closest("[data-scan-keep]");
      var input = codeInput(form);
      syncField(input, freshForm);
      // The response's content, in this document, with this page's scanner block in it.
      var content = document.createDocumentFragment();
      Array.prototype.forEach.call(fresh.childNodes, function (node) {
        content.appendChild(document.importNode(node, true));
      });
      content.querySelector("[data-scan-keep]").replaceWith(scanner);
      container.replaceChildren(content);
      document.title = page.title;
      window.scrollTo(0, 0);
      var cameraButton = scanner.querySelector("[data-scanner-start]");
      if (fromCamera && cameraButton && !cameraButton.hidden) {
        cameraButton.focus();
      } else {
        input.focus();
      }
      announce(container);
      return true;
    }

    function next() {
      if (busy || !queue.length) {
        return;
      }
      busy = true;
      var item = queue.shift();
      var code = item.code;
      var data = new FormData(form);
      data.set("code", code);
      window
        .fetch(form.action, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { Accept: "text/html" },
        })
        .then(function (response) {
          if (!response.ok || response.redirected) {
            throw new Error("not a result page");
          }
          return response.text();
        })
        .then(function (html) {
          if (!show(html, item.fromCamera)) {
            throw new Error("not a result page");
          }
          busy = false;
          form.dispatchEvent(new CustomEvent("scan:shown"));
          next();
        })
        .catch(function () {
          fallBack(code);
        });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = codeInput(form);
      var fromCamera = form.dataset.scanSource === "camera";
      delete form.dataset.scanSource;
      queue.push({ code: input.value, fromCamera: fromCamera });
      // Emptied at once: a barcode reader may type the next code while this one is sent.
      input.value = "";
      if (!fromCamera) {
        input.focus();
      }
      next();
    });
  }

  document.querySelectorAll("[data-scanner]").forEach(setUp);
  document.querySelectorAll("form[data-scan-loop]").forEach(setUpLoop);

  // After a search by name without autofocus support, the results take the focus.
  var focusTarget = document.querySelector("[data-focus-on-load]");
  if (focusTarget && document.activeElement !== focusTarget) {
    focusTarget.focus();
  }
})();
