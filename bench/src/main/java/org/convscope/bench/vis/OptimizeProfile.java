package org.convscope.bench.vis;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convscope.bench.BenchReport;
import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.convscope.tensor.IntTensor;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.vis.optimize.DeepDream;
import org.convscope.vis.optimize.NeuralStyle;

/**
 * Where the time of one {@link OptimizeBench} iteration goes, op by op, like {@code caffe time}:
 * the same VGG16 style iteration and DeepDream step run on a device wrapper that waits for each
 * op to finish and adds its time to the op's row (op name and the shapes it ran on), and counts
 * the tensors allocated and the bytes moved between host and device per iteration. The gap between
 * the wall time and the sum of the rows is host work outside the device's ops.
 *
 * <p>Waiting after every op costs a little on the OpenCL device (its queue is otherwise kept
 * full); the totals are for finding waste, the JMH benchmark is the figure.
 *
 * <p>Run: {@code java -Dconvscope.device=cpu|opencl -cp bench/target/benchmarks.jar
 * org.convscope.bench.vis.OptimizeProfile [iterations]}
 */
public final class OptimizeProfile {
    private OptimizeProfile() {
    }

    /** Times every op of a device; tensors it hands out name it as their device. */
    static final class Timing implements InvocationHandler {
        final Device real;
        Device self;
        final Map<String, long[]> rows = new LinkedHashMap<>();
        long allocations;
        long allocatedBytes;
        long hostBytes;

        Timing(Device real) {
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            String name = m.getName();
            if (name.equals("name") || name.equals("toString") || name.equals("hashCode") || name.equals("equals")) {
                return name.equals("equals") ? proxy == args[0] : name.equals("hashCode")
                        ? System.identityHashCode(proxy) : m.invoke(real, args);
            }
            StringBuilder key = new StringBuilder(name);
            Object[] a = args == null ? new Object[0] : args.clone();
            for (int i = 0; i < a.length; i++) {
                if (a[i] instanceof Tensor t) {
                    a[i] = t.device() == self ? new Tensor(real, t.shape(), t.storage()) : t;
                    key.append(' ').append(t.shape());
                } else if (a[i] instanceof IntTensor t) {
                    a[i] = t.device() == self ? new IntTensor(real, t.shape(), t.storage()) : t;
                } else if (a[i] instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Tensor) {
                    List<Tensor> u = new ArrayList<>();
                    for (Object o : l) {
                        Tensor t = (Tensor) o;
                        u.add(t.device() == self ? new Tensor(real, t.shape(), t.storage()) : t);
                    }
                    a[i] = u;
                    key.append(" [").append(u.size()).append(" tensors]");
                } else if (a[i] instanceof float[] f) {
                    hostBytes += 4L * f.length;
                }
            }
            long t0 = System.nanoTime();
            Object r;
            try {
                r = m.invoke(real, a);
                real.synchronize();
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            long dt = System.nanoTime() - t0;
            if (r instanceof Tensor t) {
                allocations++;
                allocatedBytes += 4L * t.size();
                r = new Tensor(self, t.shape(), t.storage());
            } else if (r instanceof IntTensor t) {
                allocations++;
                allocatedBytes += 4L * t.size();
                r = new IntTensor(self, t.shape(), t.storage());
            } else if (r instanceof float[] f) {
                hostBytes += 4L * f.length;
            }
            long[] row = rows.computeIfAbsent(key.toString(), k -> new long[2]);
            row[0] += dt;
            row[1]++;
            return r;
        }

        void reset() {
            rows.clear();
            allocations = 0;
            allocatedBytes = 0;
            hostBytes = 0;
        }

        void print(String what, int iterations, double wallMs) {
            double sum = 0;
            for (long[] r : rows.values()) {
                sum += r[0] / 1e6;
            }
            System.out.printf("%n%s on %s: %.1f ms per iteration (wall), %.1f ms in ops, %.1f ms outside; "
                            + "%.1f allocations (%.1f MB), %.2f MB host<->device per iteration%n", what, real.name(),
                    wallMs / iterations, sum / iterations, (wallMs - sum) / iterations, allocations / (double) iterations,
                    allocatedBytes / 1e6 / iterations, hostBytes / 1e6 / iterations);
            Map<String, double[]> byOp = new LinkedHashMap<>();
            rows.forEach((k, r) -> {
                double[] o = byOp.computeIfAbsent(k.split(" ")[0], x -> new double[2]);
                o[0] += r[0] / 1e6;
                o[1] += r[1];
            });
            System.out.println("  by op:");
            byOp.entrySet().stream().sorted((x, y) -> Double.compare(y.getValue()[0], x.getValue()[0]))
                    .forEach(e -> System.out.printf("  %8.2f ms %6.1f calls  %5.1f%%  %s%n", e.getValue()[0] / iterations,
                            e.getValue()[1] / iterations, 100 * e.getValue()[0] / wallMs, e.getKey()));
            System.out.println("  by op and shape (the 25 largest):");
            rows.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0])).limit(25)
                    .forEach(e -> System.out.printf("  %8.2f ms %6.1f calls  %s%n", e.getValue()[0] / 1e6 / iterations,
                            e.getValue()[1] / (double) iterations, e.getKey()));
        }
    }

    /** A device that times each op (see the class comment). */
    static Timing timing(Device real) {
        Timing h = new Timing(real);
        h.self = (Device) Proxy.newProxyInstance(Device.class.getClassLoader(), new Class<?>[] {Device.class}, h);
        return h;
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Timing timing = timing(Devices.defaultDevice());
        Device d = timing.self;
        int size = OptimizeBench.SIZE;
        OptimizeBench.Steps steps = OptimizeBench.Steps.on(d);
        NeuralStyle style = steps.style();
        Tensor x = steps.x();
        Tensor grad = steps.grad();
        DeepDream dream = steps.dream();
        style.value(x, grad);
        dream.step();
        timing.reset();
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            style.value(x, grad);
        }
        timing.print("styleIteration", iterations, (System.nanoTime() - t0) / 1e6);
        timing.reset();
        t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            dream.step();
        }
        timing.print("deepdreamStep", iterations, (System.nanoTime() - t0) / 1e6);
        System.out.printf("%n%s; shapes %s%n", BenchReport.loadLine(), Shape.of(1, 3, size, size));
    }
}
