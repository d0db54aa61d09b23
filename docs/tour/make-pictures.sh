#!/usr/bin/env bash
# Draws the pictures of docs/tour.md with exactly the commands the tour shows (on the shipped demo
# model, CPU device, fixed seeds) and copies one PNG per topic into docs/tour/.
# Usage: docs/tour/make-pictures.sh      (about 3 minutes on 2 cores)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
printf '#!/bin/sh\nexec "%s/convscope" "$@"\n' "$root" > convscope && chmod +x convscope
export CONVSCOPE_JAVA_OPTS="-Xmx4g -Dconvscope.device=cpu"

./convscope shapes --count 20 --seed 7 -o shapes
./convscope weights --model demo --layer conv1 --out out/weights
./convscope activations --model demo --blobs conv1,pool1 --out out/activations shapes/triangle/00002.png
./convscope deconv --model demo --blob pool2 --unit 3 --out out/deconv shapes/triangle/00002.png
./convscope saliency --model demo --out out/saliency shapes/triangle/00002.png
./convscope guided --model demo --out out/guided shapes/triangle/00002.png
./convscope classmodel --model demo --class 3 --lr 20 --start noise --noise-std 20 --jitter 2 --seed 4 --out out/classmodel
./convscope invert --model demo --layer conv2 --out out/invert shapes/triangle/00002.png
./convscope style --model demo --out out/style shapes/triangle/00002.png shapes/star/00003.png
./convscope deepdream --model demo --layer conv3 --out out/deepdream shapes/triangle/00002.png
./convscope adversarial --model demo --out out/adversarial shapes/triangle/00002.png
./convscope fool --model demo --method gradient --class 3 --out out/fool
./convscope tsne --model demo --data shapes:3:200 --out out/tsne
./convscope occlusion --model demo --out out/occlusion shapes/triangle/00002.png

while read -r from to; do
  cp "out/$from" "$root/docs/tour/$to"
done <<'LIST'
weights/weights_conv1.png convolution.png
activations/activations_pool1.png pooling.png
deconv/deconv_overlay.png deconvnet.png
saliency/saliency.png saliency.png
guided/guided.png guided.png
classmodel/classmodel.png classmodel.png
invert/invert.png invert.png
style/style.png style.png
deepdream/deepdream.png deepdream.png
adversarial/adversarial.png adversarial.png
fool/fool.png fool.png
tsne/scatter.png tsne.png
occlusion/occlusion_00002.png occlusion.png
LIST
echo "pictures written to $root/docs/tour"
