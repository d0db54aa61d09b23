/**
 * Layers, the net as a DAG of named blobs, Caffe model reading and writing, built-in
 * architectures, preprocessing.
 *
 * <h2>What a command line or a visualization calls</h2>
 * <pre>{@code
 * Device d = Devices.defaultDevice();
 * Net net = Net.load(prototxt, caffemodel, d);            // any Caffe deploy or train/test prototxt
 * Net net = BuiltinNets.load(caffemodel, d);              // bvlc_alexnet, VGG16 (V1), bvlc_googlenet, ... alone
 * Net net = BuiltinNets.create("vgg16", d);               // zero weights; net.randomizeWeights(seed)
 *
 * Tensor x = Preprocessing.forBuiltin("alexnet").apply(imageFile, d);   // 1x3x227x227, BGR, mean removed
 * Tensor prob = net.forward(x, "prob");                   // runs only what "prob" needs
 * Map<String, Tensor> blobs = net.forward(Map.of("data", x), "fc7", "prob");
 * Tensor pre = net.blob("conv5@conv5");                   // conv5 before the in-place relu5
 *
 * Tensor top = TopGradients.oneHot(net.blob("fc8"), 281); // or any tensor of fc8's shape
 * Tensor dx = net.backward("fc8", top, ReluMode.GUIDED);  // gradient at the input (STANDARD, DECONVNET, GUIDED)
 * Tensor g = net.grad("conv5");                           // any blob's gradient from that pass
 *
 * ModelSummary.of(net).format();                          // shapes, parameters, multiply-adds, receptive fields
 * ClassNames.read(synsetWords).top(prob.toArray(), 5);    // top-5 labels
 * Npy.write(path, tensor); Npy.readTensor(path, d);       // .npy in and out (float32, C order)
 * net.saveWeights(path);                                  // current-format caffemodel, bit-exact round trip
 * }</pre>
 *
 * <h2>Training ({@code org.convscope.nn.train}, {@code org.convscope.nn.data})</h2>
 * <pre>{@code
 * Dataset mnist = MnistIdx.read(dir, "train");            // also ImageFolder.open(root, 64), new Shapes(seed, n, 64)
 * Net net = Trainer.trainingNet(NetDef.read(trainTest), d); // TRAIN phase, loss layers kept, Data -> data + label inputs
 * SolverSettings s = SolverSettings.read(solverPrototxt);  // or SolverSettings.lenet(), sgd(lr).withMomentum(..)...
 * InputTransform t = InputTransform.plain(null, 1 / 256f); // + withCrop, withJitter, withPca(PcaColour.of(data, n), 0.1f)
 * Trainer tr = Trainer.init(net, s, mnist, Trainer.Options.of(64, t).withListener(TrainingListener.printing(System.out)));
 * while (!tr.done()) tr.step();                            // SGD (Caffe's update), lr policy, snapshots when due
 * tr.snapshot(); tr.resume(weightsFile);                   // weights .caffemodel + momentum history .solverstate
 * Evaluation.run(net, test, t, "data", "label", "ip2", 500).accuracy();
 * LinearClassifier.codes(net, images, t, "data", "fc7", 50); // transfer learning: codes -> linear softmax
 * }</pre>
 *
 * <p>Blob references: {@code "conv1"} is a blob's final value (after in-place layers, as Caffe
 * shows it); {@code "conv1@conv1"} is the value written by layer {@code conv1}, before {@code relu1}.
 * Every error names the file, layer or blob concerned and lists the valid names.
 */
package org.convscope.nn;
