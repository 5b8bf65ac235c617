//! `submission-body FILE BOUNDARY`: writes the multipart body of one driver's-licence submission
//! (front, back with Ana Rivera's AAMVA barcode, selfie: the fixtures the tests submit), for
//! `scripts/load-bench.sh`.

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [file, boundary] = args.as_slice() else {
        eprintln!("usage: submission-body FILE BOUNDARY");
        std::process::exit(2);
    };
    let record = fixtures::demo_licence();
    let parts = [
        ("front", fixtures::jpeg(&fixtures::card_front(1))),
        ("back", fixtures::jpeg(&fixtures::card_back(&record))),
        ("selfie", fixtures::jpeg(&fixtures::selfie())),
    ];
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"document_type\"\r\n\r\ndrivers_license\r\n"
        )
        .as_bytes(),
    );
    for (name, jpeg) in parts {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{name}.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(&jpeg);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    std::fs::write(file, body)
}
