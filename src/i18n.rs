//! Every patient-facing string, in English and Spanish. Components call [`t`] and nothing else,
//! so a missing translation is a compile error, not a blank on screen.

use idv_wire::reasons::FailureKind;
use idv_wire::{DocumentType, Locale};

use idv_wire::vision::{Check, Side as VisionSide, Verdict};

use crate::journey::{CameraProblem, LaunchError, Side};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    WidgetLabel,
    SwitchLanguage,
    Loading,
    Continue,
    Back,
    TryAgain,
    Close,
    NeedHelp,
    /// "Need help?" before the session's support sentence.
    SupportIntro,
    SupportCall,
    SupportOtherWays,
    // Launch
    LaunchTitle,
    Launch(LaunchError),
    LaunchNext(LaunchError),
    // Consent
    ConsentTitle,
    ConsentIntro,
    ConsentStepDocument,
    ConsentStepSelfie,
    ConsentDocument,
    ConsentBiometric,
    ConsentRetention,
    ConsentAgree,
    ConsentDecline,
    ConsentNeedBoth,
    ConsentNeedBiometric,
    ConsentSaveFailed,
    Saving,
    DeclinedTitle,
    DeclinedBody,
    // Document choice
    ChooseTitle,
    ChooseHint,
    Document(DocumentType),
    DocumentHint(DocumentType),
    // Capture
    CaptureTitle(Side, bool),
    CaptureHelp(Side),
    StartingCamera,
    /// The video's text alternative: what the camera shows and what to do.
    CameraPreview(Side),
    TakePhoto,
    GuideNoFrame,
    /// One instruction at a time, from the on-device checks, for what is being captured.
    Guide(VisionSide, Verdict),
    GuideCapturing,
    /// The on-device checks cannot run in this browser: the shutter alone.
    GuideManual(VisionSide),
    /// Announced when the automatic capture is about to fire.
    AutoCaptureCue,
    UseAnywayTitle,
    UseAnywayBody,
    UseAnyway,
    RetakeInstead,
    // Review
    ReviewTitle,
    ReviewQuestion(Side),
    ReviewAlt(Side),
    UsePhoto,
    Retake,
    ChecksTitle,
    CheckPassed(Check),
    NotChecked,
    UsedAnyway,
    // Camera problems
    CameraProblemTitle(CameraProblem),
    CameraProblemNext(CameraProblem),
    // Sending and result
    Sending,
    Checking,
    PassTitle,
    PassBody,
    FailTitle,
    Failure(FailureKind),
    ErrorTitle,
    ErrorTimeout,
    ErrorNetwork,
    ErrorVendor,
    NoMoreTries,
    CancelledTitle,
    CancelledBody,
    // Continue on your phone (issue 9 §5): the strings are in one block at the end of `pair`.
    /// The offer, and the handoff screen's title.
    HandoffOffer,
    HandoffOfferHint,
    HandoffScan,
    /// The QR code's text alternative.
    HandoffQrAlt,
    HandoffCodeIntro,
    HandoffCodeLabel,
    HandoffRenews,
    HandoffMaking,
    HandoffFailed,
    /// Where the phone stands, announced politely.
    HandoffPhone(idv_wire::HandoffState),
    HandoffBackHere,
    PhoneDoneTitle,
    PhoneDoneBody,
    PhoneCloseNote,
    EnterCodeTitle,
    EnterCodeHelp,
    EnterCodeLabel,
    CodeRefused(crate::journey::CodeRefused),
}

/// The text in the patient's language.
pub fn t(locale: Locale, text: Text) -> &'static str {
    let (en, es) = pair(text);
    match locale {
        Locale::En => en,
        Locale::Es => es,
    }
}

fn pair(text: Text) -> (&'static str, &'static str) {
    use CameraProblem as C;
    use DocumentType as D;
    use FailureKind as F;
    use LaunchError as L;
    use Text::*;
    match text {
        WidgetLabel => ("Identity verification", "Verificación de identidad"),
        SwitchLanguage => ("Español", "English"),
        Loading => ("Loading…", "Cargando…"),
        Continue => ("Continue", "Continuar"),
        Back => ("Back", "Atrás"),
        TryAgain => ("Try again", "Intentar de nuevo"),
        Close => ("Close", "Cerrar"),
        NeedHelp => (
            "Need help? Contact your clinic and ask to verify your identity another way.",
            "¿Necesita ayuda? Comuníquese con su clínica y pida verificar su identidad de otra forma.",
        ),
        SupportIntro => ("Need help?", "¿Necesita ayuda?"),
        SupportCall => ("Call", "Llame al"),
        SupportOtherWays => (
            "Other ways to verify your identity (opens a new tab)",
            "Otras formas de verificar su identidad (se abre una pestaña nueva)",
        ),
        LaunchTitle => ("We can't start the verification", "No podemos iniciar la verificación"),
        Launch(L::MissingLink | L::InvalidLink) => (
            "This verification link is not valid.",
            "Este enlace de verificación no es válido.",
        ),
        Launch(L::Expired) => (
            "This verification link has expired.",
            "Este enlace de verificación ha vencido.",
        ),
        Launch(L::Finished) => (
            "This verification has already ended.",
            "Esta verificación ya terminó.",
        ),
        Launch(L::Network) => (
            "We can't reach the verification service.",
            "No podemos conectar con el servicio de verificación.",
        ),
        LaunchNext(L::Network) => (
            "Check your internet connection, then try again.",
            "Revise su conexión a internet y vuelva a intentarlo.",
        ),
        LaunchNext(L::MissingLink | L::InvalidLink | L::Expired | L::Finished) => (
            "Go back to MyChart and start again.",
            "Regrese a MyChart y comience de nuevo.",
        ),
        ConsentTitle => ("Verify your identity", "Verifique su identidad"),
        ConsentIntro => (
            "To protect your health information, we need to confirm who you are. It takes about 3 minutes.",
            "Para proteger su información de salud, necesitamos confirmar quién es usted. Toma unos 3 minutos.",
        ),
        ConsentStepDocument => (
            "Take photos of a photo ID: driver's license, passport or ID card.",
            "Tome fotos de una identificación con foto: licencia de conducir, pasaporte o tarjeta de identidad.",
        ),
        ConsentStepSelfie => ("Take a selfie.", "Tómese una selfi."),
        ConsentDocument => (
            "I agree that photos of my ID and my details are sent to our verification partner, 1Kosmos, to confirm my identity.",
            "Acepto que las fotos de mi identificación y mis datos se envíen a nuestro socio de verificación, 1Kosmos, para confirmar mi identidad.",
        ),
        ConsentBiometric => (
            "I agree that my face is compared with the photo on my ID. This uses biometric data, only for this check.",
            "Acepto que se compare mi cara con la foto de mi identificación. Esto usa datos biométricos, solo para esta verificación.",
        ),
        ConsentRetention => (
            "Your photos are deleted once the check is finished.",
            "Sus fotos se eliminan cuando termina la verificación.",
        ),
        ConsentAgree => ("Agree and continue", "Aceptar y continuar"),
        ConsentDecline => ("I do not agree", "No acepto"),
        ConsentNeedBoth => (
            "To continue, tick both boxes. If you do not agree, choose \"I do not agree\".",
            "Para continuar, marque las dos casillas. Si no está de acuerdo, elija \"No acepto\".",
        ),
        ConsentNeedBiometric => (
            "To continue, tick the box. If you do not agree, choose \"I do not agree\".",
            "Para continuar, marque la casilla. Si no está de acuerdo, elija \"No acepto\".",
        ),
        ConsentSaveFailed => (
            "We couldn't save your answer. Check your connection and try again.",
            "No pudimos guardar su respuesta. Revise su conexión y vuelva a intentarlo.",
        ),
        Saving => ("Saving…", "Guardando…"),
        DeclinedTitle => ("You chose not to verify online", "Usted eligió no verificar en línea"),
        DeclinedBody => (
            "No photos were taken. To verify your identity another way, contact your clinic or visit in person with your ID.",
            "No se tomaron fotos. Para verificar su identidad de otra forma, comuníquese con su clínica o visítela en persona con su identificación.",
        ),
        ChooseTitle => ("Which ID will you use?", "¿Qué identificación usará?"),
        ChooseHint => (
            "It must be valid (not expired) and show your photo.",
            "Debe estar vigente (no vencida) y mostrar su foto.",
        ),
        Document(D::DriversLicense) => ("Driver's license", "Licencia de conducir"),
        Document(D::Passport) => ("Passport", "Pasaporte"),
        Document(D::IdCard) => ("State or national ID card", "Tarjeta de identidad estatal o nacional"),
        DocumentHint(D::Passport) => ("Photo page only", "Solo la página de la foto"),
        DocumentHint(_) => ("Front and back", "Frente y reverso"),
        CaptureTitle(Side::Front, false) => ("Front of your ID", "Frente de su identificación"),
        CaptureTitle(Side::Front, true) => ("Your passport photo page", "La página de la foto de su pasaporte"),
        CaptureTitle(Side::Back, _) => ("Back of your ID", "Reverso de su identificación"),
        CaptureTitle(Side::Selfie, _) => ("Take a selfie", "Tómese una selfi"),
        CaptureHelp(Side::Front) => (
            "Place it on a dark, flat surface and fit all four corners inside the frame. The photo is taken automatically when it is clear, or press Take photo.",
            "Colóquela sobre una superficie oscura y plana, con las cuatro esquinas dentro del marco. La foto se toma sola cuando se ve clara, o presione Tomar foto.",
        ),
        CaptureHelp(Side::Back) => (
            "Turn it over. Make sure the barcode is sharp and not covered by glare.",
            "Voltéela. Asegúrese de que el código de barras se vea nítido y sin reflejos.",
        ),
        CaptureHelp(Side::Selfie) => (
            "Hold the phone at eye level and look at the camera. Remove glasses and hats.",
            "Sostenga el teléfono a la altura de los ojos y mire a la cámara. Quítese lentes y sombrero.",
        ),
        StartingCamera => ("Starting the camera…", "Encendiendo la cámara…"),
        CameraPreview(Side::Selfie) => (
            "Live view of your front camera. Put your face inside the oval: the photo is taken automatically, or press Take photo.",
            "Imagen en vivo de su cámara frontal. Ponga su cara dentro del óvalo: la foto se toma sola, o presione Tomar foto.",
        ),
        CameraPreview(_) => (
            "Live view of your camera. Hold your ID inside the frame: the photo is taken automatically, or press Take photo.",
            "Imagen en vivo de su cámara. Ponga su identificación dentro del marco: la foto se toma sola, o presione Tomar foto.",
        ),
        TakePhoto => ("Take photo", "Tomar foto"),
        GuideNoFrame => ("Waiting for the camera picture…", "Esperando la imagen de la cámara…"),
        GuideCapturing => ("Taking the photo…", "Tomando la foto…"),
        Guide(side, verdict) => guide(side, verdict),
        GuideManual(VisionSide::Selfie) => (
            "Look at the camera, then take the photo.",
            "Mire a la cámara y tome la foto.",
        ),
        GuideManual(_) => (
            "Fill the frame with your document, then take the photo.",
            "Llene el marco con su documento y tome la foto.",
        ),
        AutoCaptureCue => ("Hold still: taking the photo.", "No se mueva: tomando la foto."),
        UseAnywayTitle => ("Use this photo anyway?", "¿Usar esta foto de todos modos?"),
        UseAnywayBody => (
            "If the photo can't be read, the check fails and uses one of your attempts.",
            "Si la foto no se puede leer, la verificación falla y usa uno de sus intentos.",
        ),
        UseAnyway => ("Use anyway", "Usar de todos modos"),
        RetakeInstead => ("Take it again", "Tomarla de nuevo"),
        ChecksTitle => ("Checked on your device", "Revisado en su dispositivo"),
        CheckPassed(Check::DocumentFound) => ("Whole document in the picture", "Documento completo en la foto"),
        CheckPassed(Check::WellLit) => ("Good light", "Buena luz"),
        CheckPassed(Check::NoGlare) => ("No glare", "Sin reflejos"),
        CheckPassed(Check::Sharp) => ("In focus", "Enfocada"),
        CheckPassed(Check::BarcodeRead) => ("Barcode read", "Código de barras leído"),
        CheckPassed(Check::MrzFound) => (
            "Lines of letters at the bottom visible",
            "Líneas de letras de abajo visibles",
        ),
        CheckPassed(Check::FaceFound) => ("Face found", "Rostro encontrado"),
        NotChecked => (
            "This photo could not be checked on your device.",
            "Esta foto no se pudo revisar en su dispositivo.",
        ),
        UsedAnyway => (
            "You chose to use this photo although this check did not pass:",
            "Eligió usar esta foto aunque esta revisión no se cumplió:",
        ),
        ReviewTitle => ("Check your photo", "Revise su foto"),
        ReviewQuestion(Side::Selfie) => (
            "Is your whole face visible, clear and well lit?",
            "¿Se ve toda su cara, clara y bien iluminada?",
        ),
        ReviewQuestion(_) => (
            "Can you read all the text? Are all four corners visible, with no blur or glare?",
            "¿Puede leer todo el texto? ¿Se ven las cuatro esquinas, sin partes borrosas ni reflejos?",
        ),
        ReviewAlt(Side::Front) => ("The photo you took of the front of your ID", "La foto que tomó del frente de su identificación"),
        ReviewAlt(Side::Back) => ("The photo you took of the back of your ID", "La foto que tomó del reverso de su identificación"),
        ReviewAlt(Side::Selfie) => ("The selfie you took", "La selfi que se tomó"),
        UsePhoto => ("Use this photo", "Usar esta foto"),
        Retake => ("Retake", "Tomar otra vez"),
        CameraProblemTitle(C::Denied) => ("Camera access is blocked", "El acceso a la cámara está bloqueado"),
        CameraProblemNext(C::Denied) => (
            "Allow camera access for this page in your browser's settings (the camera icon in the address bar), then try again.",
            "Permita el acceso a la cámara para esta página en la configuración del navegador (el icono de cámara en la barra de direcciones) y vuelva a intentarlo.",
        ),
        CameraProblemTitle(C::NotFound) => ("We can't find a camera", "No encontramos una cámara"),
        CameraProblemNext(C::NotFound) => (
            "Connect a camera, or open MyChart on a phone with a camera, then try again.",
            "Conecte una cámara, o abra MyChart en un teléfono con cámara, y vuelva a intentarlo.",
        ),
        CameraProblemTitle(C::InUse) => ("Another app is using the camera", "Otra aplicación está usando la cámara"),
        CameraProblemNext(C::InUse) => (
            "Close other apps that use the camera, such as video calls, then try again.",
            "Cierre otras aplicaciones que usen la cámara, como videollamadas, y vuelva a intentarlo.",
        ),
        CameraProblemTitle(C::Unsuitable) => ("This camera can't be used", "No se puede usar esta cámara"),
        CameraProblemNext(C::Unsuitable) => (
            "Try again, or use another device with a camera.",
            "Vuelva a intentarlo o use otro dispositivo con cámara.",
        ),
        CameraProblemTitle(C::BlockedByHost) => (
            "This page isn't allowed to use the camera",
            "Esta página no tiene permiso para usar la cámara",
        ),
        CameraProblemNext(C::BlockedByHost) => (
            "Your browser settings are not the problem: the website that shows this verification blocks the camera. Contact your clinic, tell them the camera is blocked on this page, and ask to verify your identity another way.",
            "El problema no es la configuración de su navegador: el sitio web que muestra esta verificación bloquea la cámara. Comuníquese con su clínica, dígales que la cámara está bloqueada en esta página y pida verificar su identidad de otra forma.",
        ),
        CameraProblemTitle(C::InsecureContext) => (
            "This connection isn't secure enough for the camera",
            "Esta conexión no es lo bastante segura para la cámara",
        ),
        CameraProblemNext(C::InsecureContext) => (
            "Browsers only allow the camera on secure pages. Open MyChart again from its usual address, which starts with https://, then start the verification again.",
            "Los navegadores solo permiten la cámara en páginas seguras. Abra MyChart otra vez desde su dirección habitual, que empieza con https://, y comience la verificación de nuevo.",
        ),
        CameraProblemTitle(C::Unsupported) => (
            "This browser can't use the camera here",
            "Este navegador no puede usar la cámara aquí",
        ),
        CameraProblemNext(C::Unsupported) => (
            "Open MyChart in an up-to-date browser, such as Chrome, Safari, Edge or Firefox, or on a phone with a camera, then start the verification again.",
            "Abra MyChart en un navegador actualizado, como Chrome, Safari, Edge o Firefox, o en un teléfono con cámara, y comience la verificación de nuevo.",
        ),
        CameraProblemTitle(C::Other) => ("Something went wrong with the camera", "Algo falló con la cámara"),
        CameraProblemNext(C::Other) => (
            "Try again. If it keeps happening, close and reopen your browser.",
            "Vuelva a intentarlo. Si sigue pasando, cierre y abra de nuevo su navegador.",
        ),
        Sending => ("Sending your photos securely…", "Enviando sus fotos de forma segura…"),
        Checking => (
            "Checking your identity. This can take up to a minute.",
            "Verificando su identidad. Esto puede tardar hasta un minuto.",
        ),
        PassTitle => ("You're verified", "Su identidad está verificada"),
        PassBody => (
            "Thank you. Your identity has been confirmed.",
            "Gracias. Se confirmó su identidad.",
        ),
        FailTitle => ("We couldn't verify your identity", "No pudimos verificar su identidad"),
        Failure(F::ScanConditions) => (
            "The photos were hard to read. Find a well-lit place with a plain background.",
            "Las fotos eran difíciles de leer. Busque un lugar bien iluminado con un fondo liso.",
        ),
        Failure(F::InvalidDocument) => (
            "We couldn't read your ID. Make sure the whole ID, including the barcode on the back, is in the photo.",
            "No pudimos leer su identificación. Asegúrese de que toda la identificación, incluido el código de barras del reverso, salga en la foto.",
        ),
        Failure(F::UnsupportedDocument) => (
            "This kind of ID can't be used. Try a different ID.",
            "Este tipo de identificación no se puede usar. Pruebe con otra.",
        ),
        Failure(F::NameMismatch) => (
            "The name on your ID doesn't match our records. Contact your clinic to update your name.",
            "El nombre en su identificación no coincide con nuestros registros. Comuníquese con su clínica para actualizarlo.",
        ),
        Failure(F::Expired) => (
            "Your ID has expired. Please use an ID that is still valid.",
            "Su identificación está vencida. Use una identificación vigente.",
        ),
        Failure(F::BirthDateMismatch) => (
            "The date of birth on your ID doesn't match our records. Contact your clinic to check your record.",
            "La fecha de nacimiento en su identificación no coincide con nuestros registros. Comuníquese con su clínica para revisarlo.",
        ),
        Failure(F::AttemptsExhausted) => (
            "You have used all your attempts.",
            "Ya usó todos sus intentos.",
        ),
        Failure(F::CouldNotVerify) => (
            "We couldn't complete the check with these photos.",
            "No pudimos completar la verificación con estas fotos.",
        ),
        ErrorTitle => ("Something went wrong", "Algo salió mal"),
        ErrorTimeout => (
            "The check took too long. Your photos are still here: you can send them again.",
            "La verificación tardó demasiado. Sus fotos siguen aquí: puede enviarlas otra vez.",
        ),
        ErrorNetwork => (
            "We couldn't send your photos. Check your internet connection, then try again.",
            "No pudimos enviar sus fotos. Revise su conexión a internet y vuelva a intentarlo.",
        ),
        ErrorVendor => (
            "The verification service isn't answering right now. Please try again.",
            "El servicio de verificación no responde en este momento. Vuelva a intentarlo.",
        ),
        NoMoreTries => (
            "You can't try again online for this request.",
            "No puede volver a intentarlo en línea para esta solicitud.",
        ),
        CancelledTitle => ("Verification stopped", "Verificación detenida"),
        CancelledBody => (
            "The camera is off and no photos were kept. You can close this window.",
            "La cámara está apagada y no se guardó ninguna foto. Puede cerrar esta ventana.",
        ),
        // ---- Continue on your phone (issue 9 §5) ------------------------------------------
        // One contiguous block, so moving the strings to translation files stays mechanical.
        Launch(L::HandoffUsed) => (
            "This link was already used.",
            "Este enlace ya se usó.",
        ),
        Launch(L::HandoffExpired) => (
            "This link has expired.",
            "Este enlace ha vencido.",
        ),
        Launch(L::HandoffUnknown) => (
            "This link is not valid.",
            "Este enlace no es válido.",
        ),
        LaunchNext(L::HandoffUsed) => (
            "Each code works once. On your computer, choose Continue on your phone again and scan the new code.",
            "Cada código funciona una sola vez. En su computadora, elija Continuar en su teléfono otra vez y escanee el nuevo código.",
        ),
        LaunchNext(L::HandoffExpired) => (
            "Codes last a few minutes. Scan the code your computer shows now.",
            "Los códigos duran unos minutos. Escanee el código que muestra su computadora ahora.",
        ),
        LaunchNext(L::HandoffUnknown) => (
            "Scan the code on your computer's screen again.",
            "Vuelva a escanear el código de la pantalla de su computadora.",
        ),
        HandoffOffer => ("Continue on your phone", "Continuar en su teléfono"),
        HandoffOfferHint => (
            "No camera here, or a blurry one? Use your phone's camera instead.",
            "¿No hay cámara aquí o se ve borrosa? Use la cámara de su teléfono.",
        ),
        HandoffScan => (
            "Scan this code with your phone's camera, then follow the steps on your phone. Keep this page open: it shows the result when you finish.",
            "Escanee este código con la cámara de su teléfono y siga los pasos en su teléfono. Deje esta página abierta: mostrará el resultado cuando termine.",
        ),
        HandoffQrAlt => (
            "QR code that opens this verification on your phone",
            "Código QR que abre esta verificación en su teléfono",
        ),
        HandoffCodeIntro => (
            "Can't scan it? On your phone, open this address and enter the code:",
            "¿No puede escanearlo? En su teléfono, abra esta dirección e ingrese el código:",
        ),
        HandoffCodeLabel => ("Code", "Código"),
        HandoffRenews => (
            "For your security the code changes every few minutes.",
            "Por su seguridad, el código cambia cada pocos minutos.",
        ),
        HandoffMaking => ("Making your code…", "Creando su código…"),
        HandoffFailed => (
            "We couldn't make a code. Check your internet connection, then try again.",
            "No pudimos crear un código. Revise su conexión a internet y vuelva a intentarlo.",
        ),
        HandoffPhone(idv_wire::HandoffState::Waiting) => {
            ("Waiting for your phone…", "Esperando su teléfono…")
        }
        HandoffPhone(idv_wire::HandoffState::PhoneConnected) => (
            "Your phone is connected. Take the pictures on your phone.",
            "Su teléfono está conectado. Tome las fotos en su teléfono.",
        ),
        HandoffPhone(idv_wire::HandoffState::Checking) => (
            "Your phone sent the pictures. Checking them…",
            "Su teléfono envió las fotos. Las estamos revisando…",
        ),
        HandoffPhone(idv_wire::HandoffState::Decided) => {
            ("Your phone has finished.", "Su teléfono terminó.")
        }
        HandoffBackHere => ("Use this device instead", "Usar este dispositivo"),
        PhoneDoneTitle => (
            "Done — return to your computer",
            "Listo: vuelva a su computadora",
        ),
        PhoneDoneBody => (
            "Your computer shows the result. You can close this page.",
            "Su computadora muestra el resultado. Puede cerrar esta página.",
        ),
        PhoneCloseNote => (
            "You can close this page and return to your computer.",
            "Puede cerrar esta página y volver a su computadora.",
        ),
        EnterCodeTitle => (
            "Enter the code from your computer",
            "Ingrese el código de su computadora",
        ),
        EnterCodeHelp => (
            "On your computer, choose Continue on your phone. Type the 8 letters and numbers it shows.",
            "En su computadora, elija Continuar en su teléfono. Escriba las 8 letras y números que muestra.",
        ),
        EnterCodeLabel => ("Code, like ABCD-2345", "Código, como ABCD-2345"),
        CodeRefused(crate::journey::CodeRefused::Malformed) => (
            "A code has 8 letters and numbers, like ABCD-2345.",
            "Un código tiene 8 letras y números, como ABCD-2345.",
        ),
        CodeRefused(crate::journey::CodeRefused::Launch(L::HandoffUsed)) => (
            "This code was already used. Choose Continue on your phone on your computer again.",
            "Este código ya se usó. Elija Continuar en su teléfono en su computadora otra vez.",
        ),
        CodeRefused(crate::journey::CodeRefused::Launch(L::HandoffExpired)) => (
            "This code has expired. Type the one your computer shows now.",
            "Este código venció. Escriba el que muestra su computadora ahora.",
        ),
        CodeRefused(crate::journey::CodeRefused::Launch(L::Network)) => (
            "We can't reach the verification service. Check your connection, then try again.",
            "No podemos conectar con el servicio de verificación. Revise su conexión y vuelva a intentarlo.",
        ),
        CodeRefused(crate::journey::CodeRefused::Launch(_)) => (
            "We don't know this code. Check it against your computer's screen.",
            "No reconocemos este código. Compárelo con la pantalla de su computadora.",
        ),
    }
}

/// The instruction for a verdict of the on-device checks: short, one thing to do.
fn guide(side: VisionSide, verdict: Verdict) -> (&'static str, &'static str) {
    use Verdict as V;
    let passport = side == VisionSide::Passport;
    match verdict {
        V::Good | V::HoldStill => ("Hold still…", "No se mueva…"),
        V::NoDocument if passport => (
            "Place the open photo page inside the frame.",
            "Coloque la página de la foto abierta dentro del marco.",
        ),
        V::NoDocument => (
            "Place your card inside the frame, on a dark surface.",
            "Coloque su tarjeta dentro del marco, sobre una superficie oscura.",
        ),
        V::CutOff => (
            "Move back: the whole document must be in the picture.",
            "Aléjese: el documento completo debe estar en la foto.",
        ),
        V::MoveCloser => ("Move closer.", "Acérquese."),
        V::Tilted => ("Straighten the document.", "Enderece el documento."),
        V::TooDark => ("Too dark. Find more light.", "Muy oscuro. Busque más luz."),
        V::TooBright => (
            "Too bright. Move away from direct light.",
            "Demasiada luz. Aléjese de la luz directa.",
        ),
        V::Glare => ("Tilt to remove glare.", "Incline para quitar el reflejo."),
        V::Blurry => ("Blurry. Hold steady.", "Borroso. No se mueva."),
        V::BarcodeUnreadable => (
            "We can't read the barcode. Fill the frame with the back.",
            "No podemos leer el código de barras. Llene el marco con el reverso.",
        ),
        V::MrzMissing => (
            "Show the two lines of letters at the bottom of the page.",
            "Muestre las dos líneas de letras al pie de la página.",
        ),
        V::NoFace => (
            "We can't see a face. Look at the camera.",
            "No vemos un rostro. Mire a la cámara.",
        ),
        V::SeveralFaces => (
            "Only your face, please: nobody else in the picture.",
            "Solo su rostro, por favor: nadie más en la foto.",
        ),
        V::FaceTooSmall => ("Move closer to the camera.", "Acérquese a la cámara."),
        V::FaceOffCentre => (
            "Centre your face in the oval.",
            "Centre su rostro en el óvalo.",
        ),
        V::NotLooking => ("Look straight at the camera.", "Mire directo a la cámara."),
    }
}

/// "You have 2 attempts left.", with the plural each language needs.
pub fn attempts_left_label(locale: Locale, n: u32) -> String {
    match (locale, n) {
        (Locale::En, 1) => "You have 1 attempt left.".into(),
        (Locale::En, n) => format!("You have {n} attempts left."),
        (Locale::Es, 1) => "Le queda 1 intento.".into(),
        (Locale::Es, n) => format!("Le quedan {n} intentos."),
    }
}

/// "Photo 2 of 3", built from translated parts.
pub fn step_label(locale: Locale, current: u8, total: u8) -> String {
    match locale {
        Locale::En => format!("Photo {current} of {total}"),
        Locale::Es => format!("Foto {current} de {total}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_distinct_non_empty_english_and_spanish() {
        let samples = [
            Text::ConsentTitle,
            Text::Failure(FailureKind::Expired),
            Text::CameraProblemNext(CameraProblem::BlockedByHost),
            Text::Launch(LaunchError::Expired),
            Text::Document(DocumentType::IdCard),
            Text::CaptureTitle(Side::Front, true),
            Text::PassTitle,
            Text::UseAnywayBody,
            Text::CheckPassed(Check::BarcodeRead),
        ];
        for s in samples {
            let (en, es) = pair(s);
            assert!(!en.is_empty() && !es.is_empty());
            assert_ne!(en, es, "{s:?} is not translated");
        }
        assert_eq!(
            t(Locale::Es, Text::PassTitle),
            "Su identidad está verificada"
        );
        assert_eq!(step_label(Locale::Es, 2, 3), "Foto 2 de 3");
        assert_eq!(
            attempts_left_label(Locale::En, 1),
            "You have 1 attempt left."
        );
        assert_eq!(attempts_left_label(Locale::Es, 2), "Le quedan 2 intentos.");
    }

    #[test]
    fn every_verdict_has_an_instruction_in_both_languages() {
        // Good and hold-still share "Hold still…"; every fault has its own words.
        let verdicts = Verdict::ALL
            .into_iter()
            .filter(|v| !matches!(v, Verdict::Good | Verdict::HoldStill));
        for locale in [Locale::En, Locale::Es] {
            let mut seen = std::collections::HashSet::new();
            for v in verdicts.clone() {
                let side = if v == Verdict::MrzMissing {
                    VisionSide::Passport
                } else {
                    VisionSide::Back
                };
                let text = t(locale, Text::Guide(side, v));
                assert!(seen.insert(text), "{v:?} repeats another instruction");
                assert!(text.len() <= 80, "one short instruction: {text}");
            }
        }
        assert_ne!(
            t(
                Locale::En,
                Text::Guide(VisionSide::Passport, Verdict::NoDocument)
            ),
            t(
                Locale::En,
                Text::Guide(VisionSide::Front, Verdict::NoDocument)
            ),
            "a passport is not a card"
        );
    }

    #[test]
    fn every_camera_problem_has_its_own_words_in_both_languages() {
        for locale in [Locale::En, Locale::Es] {
            let mut seen = std::collections::HashSet::new();
            for p in CameraProblem::ALL {
                for text in [Text::CameraProblemTitle(p), Text::CameraProblemNext(p)] {
                    assert!(
                        seen.insert(t(locale, text)),
                        "{p:?} repeats another problem's text"
                    );
                }
            }
        }
        // The host's policy is not the patient's settings: the advice must say so.
        assert!(t(
            Locale::En,
            Text::CameraProblemNext(CameraProblem::BlockedByHost)
        )
        .contains("browser settings are not the problem"));
        assert!(t(
            Locale::En,
            Text::CameraProblemNext(CameraProblem::InsecureContext)
        )
        .contains("https://"));
    }
}
