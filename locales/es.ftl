### Spanish (español). The same ids as en.ftl, every one translated.

## Every screen

widget-label = Verificación de identidad
# The language's own name, on the button that switches to it.
language-name = Español
loading = Cargando…
continue = Continuar
back = Atrás
try-again = Intentar de nuevo
close = Cerrar
return-to-site = Parar y volver al sitio del que vino
need-help = ¿Necesita ayuda? Comuníquese con su clínica y pida verificar su identidad de otra forma.
support-intro = ¿Necesita ayuda?
support-call = Llame al
support-other-ways = Otras formas de verificar su identidad (se abre una pestaña nueva)

## Launch: the link can't start a verification

launch-title = No podemos iniciar la verificación
launch-invalid-link = Este enlace de verificación no es válido.
launch-expired = Este enlace de verificación ha vencido.
launch-finished = Esta verificación ya terminó.
launch-network = No podemos conectar con el servicio de verificación.
launch-next-network = Revise su conexión a internet y vuelva a intentarlo.
launch-next-restart = Regrese a MyChart y comience de nuevo.

## Consent

consent-title = Verifique su identidad
consent-intro = Para proteger su información de salud, necesitamos confirmar quién es usted. Toma unos 3 minutos.
consent-step-document = Tome fotos de una identificación con foto: licencia de conducir, pasaporte o tarjeta de identidad.
consent-step-selfie = Tómese una selfi.
consent-document = Acepto que las fotos de mi identificación y mis datos se envíen a nuestro socio de verificación, 1Kosmos, para confirmar mi identidad.
consent-biometric = Acepto que se compare mi cara con la foto de mi identificación. Esto usa datos biométricos, solo para esta verificación.
consent-retention = Sus fotos se eliminan cuando termina la verificación.
consent-agree = Aceptar y continuar
consent-decline = No acepto
consent-need-both = Para continuar, marque las dos casillas. Si no está de acuerdo, elija "No acepto".
consent-need-biometric = Para continuar, marque la casilla. Si no está de acuerdo, elija "No acepto".
consent-save-failed = No pudimos guardar su respuesta. Revise su conexión y vuelva a intentarlo.
saving = Guardando…
declined-title = Usted eligió no verificar en línea
declined-body = No se tomaron fotos. Para verificar su identidad de otra forma, comuníquese con su clínica o visítela en persona con su identificación.

## Choosing the document

choose-title = ¿Qué identificación usará?
choose-hint = Debe estar vigente (no vencida) y mostrar su foto.
document-drivers-license = Licencia de conducir
document-passport = Pasaporte
document-id-card = Tarjeta de identidad estatal o nacional
document-hint-passport = Solo la página de la foto
document-hint-card = Frente y reverso

## Capture

capture-title-front = Frente de su identificación
capture-title-passport = La página de la foto de su pasaporte
capture-title-back = Reverso de su identificación
capture-title-selfie = Tómese una selfi
capture-help-front = Colóquela sobre una superficie oscura y plana, con las cuatro esquinas dentro del marco. La foto se toma sola cuando se ve clara, o presione Tomar foto.
capture-help-back = Voltéela. Asegúrese de que el código de barras se vea nítido y sin reflejos.
capture-help-selfie = Sostenga el teléfono a la altura de los ojos y mire a la cámara. Quítese lentes y sombrero.
photo-step = Foto { $current } de { $total }
starting-camera = Encendiendo la cámara…
camera-preview-selfie = Imagen en vivo de su cámara frontal. Ponga su cara dentro del óvalo: la foto se toma sola, o presione Tomar foto.
camera-preview-document = Imagen en vivo de su cámara. Ponga su identificación dentro del marco: la foto se toma sola, o presione Tomar foto.
take-photo = Tomar foto
guide-no-frame = Esperando la imagen de la cámara…
guide-capturing = Tomando la foto…
guide-hold-still = No se mueva…
guide-no-document-passport = Coloque la página de la foto abierta dentro del marco.
guide-no-document-card = Coloque su tarjeta dentro del marco, sobre una superficie oscura.
guide-cut-off = Aléjese: el documento completo debe estar en la foto.
guide-move-closer = Acérquese.
guide-tilted = Enderece el documento.
guide-too-dark = Muy oscuro. Busque más luz.
guide-too-bright = Demasiada luz. Aléjese de la luz directa.
guide-glare = Incline para quitar el reflejo.
guide-blurry = Borroso. No se mueva.
guide-barcode-unreadable = No podemos leer el código de barras. Llene el marco con el reverso.
guide-mrz-missing = Muestre las dos líneas de letras al pie de la página.
guide-mrz-unreadable = No podemos leer las letras de abajo. Ponga la página plana y con buena luz.
guide-no-face = No vemos un rostro. Mire a la cámara.
guide-several-faces = Solo su rostro, por favor: nadie más en la foto.
guide-face-too-small = Acérquese a la cámara.
guide-face-off-centre = Centre su rostro en el óvalo.
guide-not-looking = Mire directo a la cámara.
guide-manual-selfie = Mire a la cámara y tome la foto.
guide-manual-document = Llene el marco con su documento y tome la foto.
use-anyway-title = ¿Usar esta foto de todos modos?
use-anyway-body = Si la foto no se puede leer, la verificación falla y usa uno de sus intentos.
use-anyway = Usar de todos modos
retake-instead = Tomarla de nuevo

## Review

checks-title = Revisado en su dispositivo
check-passed-document-found = Documento completo en la foto
check-passed-well-lit = Buena luz
check-passed-no-glare = Sin reflejos
check-passed-sharp = Enfocada
check-passed-barcode-read = Código de barras leído
check-passed-mrz-found = Líneas de letras de abajo visibles
check-passed-mrz-read = Letras de abajo leídas
check-passed-face-found = Rostro encontrado
not-checked = Esta foto no se pudo revisar en su dispositivo.
used-anyway = Eligió usar esta foto aunque esta revisión no se cumplió:
review-title = Revise su foto
review-question-selfie = ¿Se ve toda su cara, clara y bien iluminada?
review-question-document = ¿Puede leer todo el texto? ¿Se ven las cuatro esquinas, sin partes borrosas ni reflejos?
review-alt-front = La foto que tomó del frente de su identificación
review-alt-back = La foto que tomó del reverso de su identificación
review-alt-selfie = La selfi que se tomó
use-photo = Usar esta foto
retake = Tomar otra vez

## Camera problems

camera-problem-denied-title = El acceso a la cámara está bloqueado
camera-problem-denied-next = Permita el acceso a la cámara para esta página en la configuración del navegador (el icono de cámara en la barra de direcciones) y vuelva a intentarlo.
camera-problem-not-found-title = No encontramos una cámara
camera-problem-not-found-next = Conecte una cámara, o abra MyChart en un teléfono con cámara, y vuelva a intentarlo.
camera-problem-in-use-title = Otra aplicación está usando la cámara
camera-problem-in-use-next = Cierre otras aplicaciones que usen la cámara, como videollamadas, y vuelva a intentarlo.
camera-problem-unsuitable-title = No se puede usar esta cámara
camera-problem-unsuitable-next = Vuelva a intentarlo o use otro dispositivo con cámara.
camera-problem-blocked-by-host-title = Esta página no tiene permiso para usar la cámara
camera-problem-blocked-by-host-next = El problema no es la configuración de su navegador: el sitio web que muestra esta verificación bloquea la cámara. Comuníquese con su clínica, dígales que la cámara está bloqueada en esta página y pida verificar su identidad de otra forma.
camera-problem-insecure-context-title = Esta conexión no es lo bastante segura para la cámara
camera-problem-insecure-context-next = Los navegadores solo permiten la cámara en páginas seguras. Abra MyChart otra vez desde su dirección habitual, que empieza con https://, y comience la verificación de nuevo.
camera-problem-unsupported-title = Este navegador no puede usar la cámara aquí
camera-problem-unsupported-next = Abra MyChart en un navegador actualizado, como Chrome, Safari, Edge o Firefox, o en un teléfono con cámara, y comience la verificación de nuevo.
camera-problem-other-title = Algo falló con la cámara
camera-problem-other-next = Vuelva a intentarlo. Si sigue pasando, cierre y abra de nuevo su navegador.

## Sending and the result

sending = Enviando sus fotos de forma segura…
checking = Verificando su identidad. Esto puede tardar hasta un minuto.
pass-title = Su identidad está verificada
pass-body = Gracias. Se confirmó su identidad.
fail-title = No pudimos verificar su identidad
failure-scan-conditions = Las fotos eran difíciles de leer. Busque un lugar bien iluminado con un fondo liso.
failure-invalid-document = No pudimos leer su identificación. Asegúrese de que toda la identificación, incluido el código de barras del reverso, salga en la foto.
failure-unsupported-document = Este tipo de identificación no se puede usar. Pruebe con otra.
failure-name-mismatch = El nombre en su identificación no coincide con nuestros registros. Comuníquese con su clínica para actualizarlo.
failure-expired = Su identificación está vencida. Use una identificación vigente.
failure-birth-date-mismatch = La fecha de nacimiento en su identificación no coincide con nuestros registros. Comuníquese con su clínica para revisarlo.
failure-attempts-exhausted = Ya usó todos sus intentos.
failure-could-not-verify = No pudimos completar la verificación con estas fotos.
error-title = Algo salió mal
error-timeout = La verificación tardó demasiado. Sus fotos siguen aquí: puede enviarlas otra vez.
error-network = No pudimos enviar sus fotos. Revise su conexión a internet y vuelva a intentarlo.
error-vendor = El servicio de verificación no responde en este momento. Vuelva a intentarlo.
error-image = No pudimos usar una de sus fotos: puede ser demasiado pequeña o estar dañada. Vuelva a tomar las fotos.
error-vendor-limit = El servicio de verificación tuvo problemas varias veces, así que detuvimos esta verificación. Esto no cuenta en su contra: vuelva a intentarlo más tarde desde MyChart o comuníquese con nosotros.
no-more-tries = No puede volver a intentarlo en línea para esta solicitud.
attempts-left =
    { $n ->
        [one] Le queda { $n } intento.
       *[other] Le quedan { $n } intentos.
    }
cancelled-title = Verificación detenida
cancelled-body = La cámara está apagada y no se guardó ninguna foto. Puede cerrar esta ventana.

## Retry policy and document upload (issue 9 §4)

no-retakes-left = Esta foto no se puede volver a tomar en esta verificación. Úsela u obtenga ayuda abajo.
choose-file = Elegir una foto de sus archivos
choose-file-hint = Una foto nítida del documento completo, plano y con buena luz. Su selfie igual necesita la cámara.
file-unreadable = No pudimos abrir ese archivo. Elija una foto JPEG o PNG del documento.
from-file = Elegida de sus archivos.
denied-steps-ios = En un iPhone o iPad: abra Configuración, busque el navegador que usa (por ejemplo Safari), active Cámara, vuelva aquí y vuelva a intentarlo. En Safari también puede tocar aA en la barra de direcciones, luego Configuración del sitio web y luego Cámara: Permitir.
denied-steps-android = En Android: toque el icono a la izquierda de la barra de direcciones, luego Permisos, y permita la Cámara. Después vuelva a intentarlo.
denied-steps-firefox = En Firefox: haga clic en el icono de cámara tachado en la barra de direcciones, quite el bloqueo de la cámara y vuelva a intentarlo.
denied-steps-safari-mac = En Safari: abra el menú Safari, luego Configuración de este sitio web, ponga Cámara en Permitir y vuelva a intentarlo.
denied-steps-chromium = En Chrome o Edge: haga clic en el icono de cámara (o de configuración) en la barra de direcciones, elija permitir la cámara para este sitio y vuelva a intentarlo.
denied-steps-other = Permita el acceso a la cámara para esta página en la configuración del navegador (el icono de cámara en la barra de direcciones) y vuelva a intentarlo.
retakes-left =
    { $n ->
        [one] Puede repetir esta foto { $n } vez más.
       *[other] Puede repetir esta foto { $n } veces más.
    }

## Continue on your phone (issue 9 §5)

launch-handoff-used = Este enlace ya se usó.
launch-handoff-expired = Este enlace ha vencido.
launch-handoff-unknown = Este enlace no es válido.
launch-next-handoff-used = Cada código funciona una sola vez. En su computadora, elija Continuar en su teléfono otra vez y escanee el nuevo código.
launch-next-handoff-expired = Los códigos duran unos minutos. Escanee el código que muestra su computadora ahora.
launch-next-handoff-unknown = Vuelva a escanear el código de la pantalla de su computadora.
handoff-offer = Continuar en su teléfono
handoff-offer-hint = ¿No hay cámara aquí o se ve borrosa? Use la cámara de su teléfono.
handoff-scan = Escanee este código con la cámara de su teléfono y siga los pasos en su teléfono. Deje esta página abierta: mostrará el resultado cuando termine.
handoff-qr-alt = Código QR que abre esta verificación en su teléfono
handoff-code-intro = ¿No puede escanearlo? En su teléfono, abra esta dirección e ingrese el código:
handoff-code-label = Código
handoff-renews = Por su seguridad, el código cambia cada pocos minutos.
handoff-making = Creando su código…
handoff-failed = No pudimos crear un código. Revise su conexión a internet y vuelva a intentarlo.
handoff-phone-waiting = Esperando su teléfono…
handoff-phone-connected = Su teléfono está conectado. Tome las fotos en su teléfono.
handoff-phone-checking = Su teléfono envió las fotos. Las estamos revisando…
handoff-phone-decided = Su teléfono terminó.
handoff-back-here = Usar este dispositivo
phone-done-title = Listo: vuelva a su computadora
phone-done-body = Su computadora muestra el resultado. Puede cerrar esta página.
window-done-title = Listo: puede cerrar esta ventana
window-done-body = La página donde empezó muestra el resultado.
phone-close-note = Puede cerrar esta página y volver a su computadora.
enter-code-title = Ingrese el código de su computadora
enter-code-help = En su computadora, elija Continuar en su teléfono. Escriba las 8 letras y números que muestra.
enter-code-label = Código, como ABCD-2345
code-refused-malformed = Un código tiene 8 letras y números, como ABCD-2345.
code-refused-used = Este código ya se usó. Elija Continuar en su teléfono en su computadora otra vez.
code-refused-expired = Este código venció. Escriba el que muestra su computadora ahora.
code-refused-network = No podemos conectar con el servicio de verificación. Revise su conexión y vuelva a intentarlo.
code-refused-unknown = No reconocemos este código. Compárelo con la pantalla de su computadora.
handoff-phone-declined = En su teléfono, usted eligió detenerse. Puede continuar en esta computadora.
phone-intro-title = Antes de continuar
phone-intro-who = Quién lo solicita
phone-intro-why = Motivo
phone-intro-when = Iniciado
phone-intro-warning = Continúe solo si usted mismo inició esto en su computadora hace un momento. Si alguien le envió este código, deténgase y llámenos.
phone-intro-continue = Lo inicié yo: continuar
window-intro-warning = Continúe solo si usted mismo inició esto hace un momento. Si alguien le envió este enlace, deténgase y llámenos.
phone-intro-stop = Detenerme
reason-signup = Registrarse en MyChart
reason-password-reset = Restablecer su contraseña de MyChart
reason-proxy-request = Acceso como representante al MyChart de otra persona
reason-onboarding = Configurar su cuenta con su clínica
phone-stopped-title = Se detuvo en este teléfono
phone-stopped-body = No se envió nada desde este teléfono. Si alguien le envió este código, llámenos.
phone-released-title = Este teléfono ya no está conectado
phone-released-body = La verificación continuó en otro lugar. Puede cerrar esta página.
session-cancelled-title = Esta verificación fue cancelada
session-cancelled-body = No se guardó ninguna foto. Puede cerrar esta página.

## La identificación digital en la billetera del teléfono (una licencia de conducir móvil)

wallet-offer = Usar la identificación digital de la billetera de su teléfono
wallet-offer-hint = Una licencia de conducir en Apple Wallet, Google Wallet o la aplicación de su estado: sin fotos de una tarjeta.
wallet-title = Revise la billetera de su teléfono
wallet-asking = Revise la billetera de su teléfono y acepte compartir su identificación digital. En una computadora, escanee con su teléfono el código que muestra el navegador.
wallet-use-card = Usar mi tarjeta de plástico
wallet-accepted = Identificación digital aceptada, emitida por
wallet-cancelled = La billetera no compartió su identificación digital. Puede usar su tarjeta de plástico.
wallet-unsupported = Este navegador no puede consultar la billetera de su teléfono. Puede usar su tarjeta de plástico.
wallet-expired = Su identificación digital está vencida. Renuévela en la oficina que la emitió, o use una tarjeta de plástico vigente.
wallet-mismatch = Esta identificación digital está a nombre de otra persona. Use su propia identificación digital o su tarjeta de plástico.
wallet-refused = No pudimos aceptar esta identificación digital. Puede usar su tarjeta de plástico.
wallet-unavailable = La identificación digital ya no se puede usar en esta verificación. Puede usar su tarjeta de plástico.
wallet-failed = Algo salió mal al revisar su identificación digital. Vuelva a intentarlo o use su tarjeta de plástico.
wallet-window-title = Continúe en la ventana nueva
wallet-window-body = No se puede consultar la billetera de su teléfono desde esta página, así que abrimos una ventana nueva. Termine allí: esta página mostrará el resultado cuando acabe.
wallet-window-open = Abrir la ventana de nuevo
wallet-window-waiting = Abriendo la ventana nueva…
wallet-window-connected = Continúe en la ventana nueva.
wallet-window-stopped = En la ventana nueva, usted eligió detenerse. Puede usar su tarjeta de plástico.
