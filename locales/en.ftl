### English: the reference. Every message the widget shows is here; its ids are the code's keys
### (src/i18n.rs). Another language is another file with the same ids: see README "Languages".
### Fluent syntax (projectfluent.org): `{ $n }` is a whole number; `{ $n -> [one] … *[other] … }`
### picks the plural. build.rs compiles the files and stops on what it does not support.

## Every screen

widget-label = Identity verification
# The language's own name, on the button that switches to it.
language-name = English
loading = Loading…
continue = Continue
back = Back
try-again = Try again
close = Close
return-to-site = Stop and go back to the site you came from
need-help = Need help? Contact your clinic and ask to verify your identity another way.
support-intro = Need help?
support-call = Call
support-other-ways = Other ways to verify your identity (opens a new tab)

## Launch: the link can't start a verification

launch-title = We can't start the verification
launch-invalid-link = This verification link is not valid.
launch-expired = This verification link has expired.
launch-finished = This verification has already ended.
launch-network = We can't reach the verification service.
launch-next-network = Check your internet connection, then try again.
launch-next-restart = Go back to MyChart and start again.

## Consent

consent-title = Verify your identity
consent-intro = To protect your health information, we need to confirm who you are. It takes about 3 minutes.
consent-step-document = Take photos of a photo ID: driver's license, passport or ID card.
consent-step-selfie = Take a selfie.
consent-document = I agree that photos of my ID and my details are sent to our verification partner, 1Kosmos, to confirm my identity.
consent-biometric = I agree that my face is compared with the photo on my ID. This uses biometric data, only for this check.
consent-retention = Your photos are deleted once the check is finished.
consent-agree = Agree and continue
consent-decline = I do not agree
consent-need-both = To continue, tick both boxes. If you do not agree, choose "I do not agree".
consent-need-biometric = To continue, tick the box. If you do not agree, choose "I do not agree".
consent-save-failed = We couldn't save your answer. Check your connection and try again.
saving = Saving…
declined-title = You chose not to verify online
declined-body = No photos were taken. To verify your identity another way, contact your clinic or visit in person with your ID.

## Choosing the document

choose-title = Which ID will you use?
choose-hint = It must be valid (not expired) and show your photo.
document-drivers-license = Driver's license
document-passport = Passport
document-id-card = State or national ID card
document-hint-passport = Photo page only
document-hint-card = Front and back

## Capture

capture-title-front = Front of your ID
capture-title-passport = Your passport photo page
capture-title-back = Back of your ID
capture-title-selfie = Take a selfie
capture-help-front = Place it on a dark, flat surface and fit all four corners inside the frame. The photo is taken automatically when it is clear, or press Take photo.
capture-help-back = Turn it over. Make sure the barcode is sharp and not covered by glare.
capture-help-selfie = Hold the phone at eye level and look at the camera. Remove glasses and hats.
photo-step = Photo { $current } of { $total }
starting-camera = Starting the camera…
camera-preview-selfie = Live view of your front camera. Put your face inside the oval: the photo is taken automatically, or press Take photo.
camera-preview-document = Live view of your camera. Hold your ID inside the frame: the photo is taken automatically, or press Take photo.
take-photo = Take photo
guide-no-frame = Waiting for the camera picture…
guide-capturing = Taking the photo…
guide-hold-still = Hold still…
guide-no-document-passport = Place the open photo page inside the frame.
guide-no-document-card = Place your card inside the frame, on a dark surface.
guide-cut-off = Move back: the whole document must be in the picture.
guide-move-closer = Move closer.
guide-tilted = Straighten the document.
guide-too-dark = Too dark. Find more light.
guide-too-bright = Too bright. Move away from direct light.
guide-glare = Tilt to remove glare.
guide-blurry = Blurry. Hold steady.
guide-barcode-unreadable = We can't read the barcode. Fill the frame with the back.
guide-mrz-missing = Show the two lines of letters at the bottom of the page.
guide-mrz-unreadable = We can't read the letters at the bottom. Hold the page flat in even light.
guide-no-face = We can't see a face. Look at the camera.
guide-several-faces = Only your face, please: nobody else in the picture.
guide-face-too-small = Move closer to the camera.
guide-face-off-centre = Centre your face in the oval.
guide-not-looking = Look straight at the camera.
guide-manual-selfie = Look at the camera, then take the photo.
guide-manual-document = Fill the frame with your document, then take the photo.
use-anyway-title = Use this photo anyway?
use-anyway-body = If the photo can't be read, the check fails and uses one of your attempts.
use-anyway = Use anyway
retake-instead = Take it again

## Review

checks-title = Checked on your device
check-passed-document-found = Whole document in the picture
check-passed-well-lit = Good light
check-passed-no-glare = No glare
check-passed-sharp = In focus
check-passed-barcode-read = Barcode read
check-passed-mrz-found = Lines of letters at the bottom visible
check-passed-mrz-read = Letters at the bottom read
check-passed-face-found = Face found
not-checked = This photo could not be checked on your device.
used-anyway = You chose to use this photo although this check did not pass:
review-title = Check your photo
review-question-selfie = Is your whole face visible, clear and well lit?
review-question-document = Can you read all the text? Are all four corners visible, with no blur or glare?
review-alt-front = The photo you took of the front of your ID
review-alt-back = The photo you took of the back of your ID
review-alt-selfie = The selfie you took
use-photo = Use this photo
retake = Retake

## Camera problems

camera-problem-denied-title = Camera access is blocked
camera-problem-denied-next = Allow camera access for this page in your browser's settings (the camera icon in the address bar), then try again.
camera-problem-not-found-title = We can't find a camera
camera-problem-not-found-next = Connect a camera, or open MyChart on a phone with a camera, then try again.
camera-problem-in-use-title = Another app is using the camera
camera-problem-in-use-next = Close other apps that use the camera, such as video calls, then try again.
camera-problem-unsuitable-title = This camera can't be used
camera-problem-unsuitable-next = Try again, or use another device with a camera.
camera-problem-blocked-by-host-title = This page isn't allowed to use the camera
camera-problem-blocked-by-host-next = Your browser settings are not the problem: the website that shows this verification blocks the camera. Contact your clinic, tell them the camera is blocked on this page, and ask to verify your identity another way.
camera-problem-insecure-context-title = This connection isn't secure enough for the camera
camera-problem-insecure-context-next = Browsers only allow the camera on secure pages. Open MyChart again from its usual address, which starts with https://, then start the verification again.
camera-problem-unsupported-title = This browser can't use the camera here
camera-problem-unsupported-next = Open MyChart in an up-to-date browser, such as Chrome, Safari, Edge or Firefox, or on a phone with a camera, then start the verification again.
camera-problem-other-title = Something went wrong with the camera
camera-problem-other-next = Try again. If it keeps happening, close and reopen your browser.

## Sending and the result

sending = Sending your photos securely…
checking = Checking your identity. This can take up to a minute.
pass-title = You're verified
pass-body = Thank you. Your identity has been confirmed.
fail-title = We couldn't verify your identity
failure-scan-conditions = The photos were hard to read. Find a well-lit place with a plain background.
failure-invalid-document = We couldn't read your ID. Make sure the whole ID, including the barcode on the back, is in the photo.
failure-unsupported-document = This kind of ID can't be used. Try a different ID.
failure-name-mismatch = The name on your ID doesn't match our records. Contact your clinic to update your name.
failure-expired = Your ID has expired. Please use an ID that is still valid.
failure-birth-date-mismatch = The date of birth on your ID doesn't match our records. Contact your clinic to check your record.
failure-attempts-exhausted = You have used all your attempts.
failure-could-not-verify = We couldn't complete the check with these photos.
error-title = Something went wrong
error-timeout = The check took too long. Your photos are still here: you can send them again.
error-network = We couldn't send your photos. Check your internet connection, then try again.
error-vendor = The verification service isn't answering right now. Please try again.
error-image = We couldn't use one of your photos: it may be too small or damaged. Please take the photos again.
error-vendor-limit = The verification service had problems several times, so we stopped this check. Nothing was held against you: please try again later from MyChart, or contact us.
no-more-tries = You can't try again online for this request.
attempts-left =
    { $n ->
        [one] You have { $n } attempt left.
       *[other] You have { $n } attempts left.
    }
cancelled-title = Verification stopped
cancelled-body = The camera is off and no photos were kept. You can close this window.

## Retry policy and document upload (issue 9 §4)

no-retakes-left = This picture can't be taken again in this verification. Use it, or get help below.
choose-file = Choose a picture from your files
choose-file-hint = A clear photo of the whole document, flat and in good light. Your selfie still needs the camera.
file-unreadable = We couldn't open that file. Choose a JPEG or PNG photo of the document.
from-file = Chosen from your files.
denied-steps-ios = On an iPhone or iPad: open Settings, find the browser you are using (for example Safari), turn on Camera, then come back and try again. In Safari you can also tap aA in the address bar, then Website Settings, then Camera: Allow.
denied-steps-android = On Android: tap the icon at the left of the address bar, then Permissions, and allow Camera. Then try again.
denied-steps-firefox = In Firefox: click the crossed-out camera icon in the address bar, remove the block on the camera, then try again.
denied-steps-safari-mac = In Safari: open the Safari menu, then Settings for This Website, set Camera to Allow, then try again.
denied-steps-chromium = In Chrome or Edge: click the camera icon (or the settings icon) in the address bar, choose to allow the camera for this site, then try again.
denied-steps-other = Allow camera access for this page in your browser's settings (the camera icon in the address bar), then try again.
retakes-left =
    { $n ->
        [one] You can retake this picture { $n } more time.
       *[other] You can retake this picture { $n } more times.
    }

## Continue on your phone (issue 9 §5)

launch-handoff-used = This link was already used.
launch-handoff-expired = This link has expired.
launch-handoff-unknown = This link is not valid.
launch-next-handoff-used = Each code works once. On your computer, choose Continue on your phone again and scan the new code.
launch-next-handoff-expired = Codes last a few minutes. Scan the code your computer shows now.
launch-next-handoff-unknown = Scan the code on your computer's screen again.
handoff-offer = Continue on your phone
handoff-offer-hint = No camera here, or a blurry one? Use your phone's camera instead.
handoff-scan = Scan this code with your phone's camera, then follow the steps on your phone. Keep this page open: it shows the result when you finish.
handoff-qr-alt = QR code that opens this verification on your phone
handoff-code-intro = Can't scan it? On your phone, open this address and enter the code:
handoff-code-label = Code
handoff-renews = For your security the code changes every few minutes.
handoff-making = Making your code…
handoff-failed = We couldn't make a code. Check your internet connection, then try again.
handoff-phone-waiting = Waiting for your phone…
handoff-phone-connected = Your phone is connected. Take the pictures on your phone.
handoff-phone-checking = Your phone sent the pictures. Checking them…
handoff-phone-decided = Your phone has finished.
handoff-back-here = Use this device instead
phone-done-title = Done — return to your computer
phone-done-body = Your computer shows the result. You can close this page.
window-done-title = Done — you can close this window
window-done-body = The page where you started shows the result.
phone-close-note = You can close this page and return to your computer.
enter-code-title = Enter the code from your computer
enter-code-help = On your computer, choose Continue on your phone. Type the 8 letters and numbers it shows.
enter-code-label = Code, like ABCD-2345
code-refused-malformed = A code has 8 letters and numbers, like ABCD-2345.
code-refused-used = This code was already used. Choose Continue on your phone on your computer again.
code-refused-expired = This code has expired. Type the one your computer shows now.
code-refused-network = We can't reach the verification service. Check your connection, then try again.
code-refused-unknown = We don't know this code. Check it against your computer's screen.
handoff-phone-declined = On your phone, you chose to stop. You can continue on this computer.
phone-intro-title = Before you continue
phone-intro-who = Who is asking
phone-intro-why = Why
phone-intro-when = Started
phone-intro-warning = Only continue if you started this yourself on your computer just now. If someone sent you this code, stop and call us.
phone-intro-continue = I started this: continue
phone-intro-stop = Stop
window-intro-warning = Only continue if you started this yourself just now. If someone sent you this link, stop and call us.
reason-signup = Signing up for MyChart
reason-password-reset = Resetting your MyChart password
reason-proxy-request = Proxy access to another person's MyChart
reason-onboarding = Setting up your account with your clinic
phone-stopped-title = You stopped on this phone
phone-stopped-body = Nothing was sent from this phone. If someone sent you this code, call us.
phone-released-title = This phone is no longer connected
phone-released-body = The verification went on elsewhere. You can close this page.
session-cancelled-title = This verification was cancelled
session-cancelled-body = No photos were kept. You can close this page.

## The digital ID in the patient's phone wallet (a mobile driver's license)

wallet-offer = Use the digital ID in your phone's wallet
wallet-offer-hint = A driver's license in Apple Wallet, Google Wallet or your state's app: no photos of a card.
wallet-title = Check your phone's wallet
wallet-asking = Check your phone's wallet and approve sharing your digital ID. On a computer, scan the code your browser shows with your phone.
wallet-use-card = Use my plastic card instead
wallet-accepted = Digital ID accepted, issued by
wallet-cancelled = The wallet didn't share your digital ID. You can use your plastic card instead.
wallet-unsupported = This browser can't ask your phone's wallet. You can use your plastic card instead.
wallet-expired = Your digital ID has expired. Renew it with the issuing office, or use a plastic card that is still valid.
wallet-mismatch = This digital ID is in another person's name. Use your own digital ID or your plastic card.
wallet-refused = We couldn't accept this digital ID. You can use your plastic card instead.
wallet-unavailable = The digital ID can't be used for this verification any more. You can use your plastic card instead.
wallet-failed = Something went wrong while checking your digital ID. Try again, or use your plastic card instead.
wallet-window-title = Continue in the new window
wallet-window-body = Your phone's wallet can't be asked from inside this page, so we opened a new window for it. Finish there: this page shows the result when you're done.
wallet-window-open = Open the window again
wallet-window-waiting = Opening the new window…
wallet-window-connected = Continue in the new window.
wallet-window-stopped = In the new window, you chose to stop. You can use your plastic card instead.
