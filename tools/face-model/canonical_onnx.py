"""Rewrites an ONNX file in a canonical byte order (tflite2onnx emits its initializers in an
order that changes from run to run), so the converted model has one sha256 to check.

Usage: canonical_onnx.py IN.onnx OUT.onnx
"""
import sys

import onnx

model = onnx.load(sys.argv[1])
for field in (model.graph.initializer, model.graph.value_info):
    items = sorted(field, key=lambda t: t.name)
    del field[:]
    field.extend(items)
onnx.checker.check_model(model)
with open(sys.argv[2], "wb") as out:
    out.write(model.SerializeToString(deterministic=True))
