mod bitmatrix;
#[cfg(feature = "qrcode")]
mod qr_ec_level;
#[cfg(feature = "qrcode")]
mod qr_formatinformation;
#[cfg(feature = "qrcode")]
mod qrcode_version;
