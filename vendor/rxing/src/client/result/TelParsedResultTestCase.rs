/*
 * Copyright 2007 ZXing authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

// package com.google.zxing.client.result;

// import com.google.zxing.BarcodeFormat;
// import com.google.zxing.RXingResult;
// import org.junit.Assert;
// import org.junit.Test;

/**
 * Tests {@link TelParsedRXingResult}.
 *
 * @author Sean Owen
 */
// public final class TelParsedRXingResultTestCase extends Assert {
use crate::{
    BarcodeFormat, RXingResult,
    client::result::{ParsedClientResult, ParsedRXingResult, ParsedRXingResultType},
};

use super::ResultParser;

#[test]
fn testTel() {
    doTest("tel:+15551212", "+15551212", "");
    doTest("tel:2125551212", "2125551212", "");
}

fn doTest(contents: &str, number: &str, title: &str) {
    let fakeRXingResult =
        RXingResult::new(contents, Vec::new(), Vec::new(), BarcodeFormat::QR_CODE);
    let result = ResultParser::parseRXingResult(&fakeRXingResult);
    assert_eq!(ParsedRXingResultType::Tel, result.getType());

    if let ParsedClientResult::TelResult(telRXingResult) = result {
        assert_eq!(number, telRXingResult.getNumber());
        assert_eq!(title, telRXingResult.getTitle());
        assert_eq!(format!("tel:{number}"), telRXingResult.getTelURI());
    } else {
        panic!("wrong return type, expected TelResult");
    }
}

// }
