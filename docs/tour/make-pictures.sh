#!/usr/bin/env bash
# Draws the pictures of docs/tour.md with exactly the commands the tour shows (the built-in
# SqueezeNet and the shipped demo model, CPU device, fixed seeds), from the repository root into
# out/ (ignored by git), and copies one PNG per topic into docs/tour/, shrunk (docs/tour/Shrink.java).
# Usage: docs/tour/make-pictures.sh      (about 8 minutes on 2 cores; needs no download)
set -euo pipefail
cd "$(dirname "$0")/../.."
export CONVSCOPE_JAVA_OPTS="-Xmx4g -Dconvscope.device=cpu"

./convscope shapes --count 20 --seed 7 -o out/shapes
./convscope weights --model squeezenet --layer conv1 --out out/weights
./convscope activations --model demo --blobs conv1,pool1 --out out/activations out/shapes/triangle/00002.png
./convscope deconv --model squeezenet --blob conv_final --unit 21 --out out/deconv vis/src/main/resources/org/convscope/vis/demo/photos/eagle.jpg
./convscope saliency --model squeezenet --out out/saliency vis/src/main/resources/org/convscope/vis/demo/photos/eagle.jpg
./convscope guided --model squeezenet --out out/guided vis/src/main/resources/org/convscope/vis/demo/photos/eagle.jpg
./convscope classmodel --model demo --class 3 --lr 20 --start noise --noise-std 20 --jitter 2 --seed 4 --out out/classmodel
./convscope invert --model squeezenet --layer fire3/concat --out out/invert vis/src/main/resources/org/convscope/vis/demo/photos/eagle.jpg
./convscope style --model squeezenet --out out/style vis/src/main/resources/org/convscope/vis/demo/photos/eagle.jpg vis/src/main/resources/org/convscope/vis/demo/photos/giraffe.jpg
./convscope deepdream --model squeezenet --layer fire7/concat --out out/deepdream vis/src/main/resources/org/convscope/vis/demo/photos/eagle.jpg
./convscope adversarial --model squeezenet --out out/adversarial vis/src/main/resources/org/convscope/vis/demo/photos/eagle.jpg
./convscope fool --model demo --method gradient --class 3 --out out/fool
./convscope tsne --model demo --data shapes:3:200 --out out/tsne
./convscope occlusion --model squeezenet --out out/occlusion vis/src/main/resources/org/convscope/vis/demo/photos/eagle.jpg

while read -r from to max; do
  java docs/tour/Shrink.java "out/$from" "docs/tour/$to" "$max"
done <<'LIST'
weights/weights_conv1.png convolution.png 420
activations/activations_pool1.png pooling.png 420
deconv/deconv_overlay.png deconvnet.png 180
saliency/saliency_overlay.png saliency.png 180
guided/guided.png guided.png 180
classmodel/classmodel.png classmodel.png 420
invert/invert.png invert.png 420
style/style.png style.png 420
deepdream/deepdream.png deepdream.png 180
adversarial/adversarial.png adversarial.png 420
fool/fool.png fool.png 420
tsne/scatter.png tsne.png 420
occlusion/occlusion_eagle.png occlusion.png 640
LIST
echo "pictures written to docs/tour"
