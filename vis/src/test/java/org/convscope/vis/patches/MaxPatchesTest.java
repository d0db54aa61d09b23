package org.convscope.vis.patches;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.convscope.nn.BuiltinNets;
import org.convscope.nn.ModelSummary;
import org.convscope.nn.Net;
import org.convscope.nn.TopGradients;
import org.convscope.tensor.Devices;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Tensor;
import org.convscope.vis.render.Planes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Top-k patches against a brute-force scan on LeNet with seeded random weights and random images. */
class MaxPatchesTest {
    static Net net;
    static ArrayImages images;

    @BeforeAll
    static void setUp() {
        net = BuiltinNets.create("lenet", Devices.cpu());
        net.randomizeWeights(11);
        Random rnd = new Random(3);
        List<float[]> list = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            float[] v = new float[28 * 28];
            for (int p = 0; p < v.length; p++) {
                v[p] = rnd.nextFloat();
            }
            list.add(v);
        }
        // exact duplicates: their activations tie, and the lower index must win
        list.add(list.get(5).clone());
        list.add(list.get(5).clone());
        images = new ArrayImages(list, 1, 28, 28);
    }

    record Brute(int image, float value, int y, int x) {
    }

    /** Every image alone through the net, every candidate kept, sorted, the first k. */
    static List<Brute> bruteForce(String blob, int channel, Integer uy, Integer ux, int k) {
        List<Brute> all = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            Tensor x = Tensor.of(Devices.cpu(), images.images.get(i), 1, 1, 28, 28);
            Tensor a = net.forward(x, blob);
            int h = a.rank() == 4 ? a.shape().h() : 1;
            int w = a.rank() == 4 ? a.shape().w() : 1;
            float[] v = a.toArray();
            int base = channel * h * w;
            int bestY = -1;
            int bestX = -1;
            float best = Float.NEGATIVE_INFINITY;
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    if (uy != null && (y != uy || xx != ux)) {
                        continue;
                    }
                    float val = v[base + y * w + xx];
                    if (val > best) {
                        best = val;
                        bestY = y;
                        bestX = xx;
                    }
                }
            }
            all.add(new Brute(i, best, bestY, bestX));
        }
        all.sort(Comparator.comparing((Brute b) -> -b.value()).thenComparing(Brute::image));
        return all.subList(0, Math.min(k, all.size()));
    }

    static void assertSame(List<Brute> expected, List<MaxPatches.Hit> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            Brute e = expected.get(i);
            MaxPatches.Hit a = actual.get(i);
            String at = what + " rank " + i + ": expected " + e + ", got " + a;
            assertEquals(e.image(), a.image(), at);
            assertEquals(e.value(), a.value(), 1e-5f * Math.max(1, Math.abs(e.value())), at);
            assertEquals(e.y(), a.y(), at);
            assertEquals(e.x(), a.x(), at);
            assertEquals(i, a.rank(), at);
        }
    }

    @Test
    void channelTopKEqualsBruteForceAtEveryBatchSize() throws Exception {
        List<Integer> channels = List.of(0, 3, 7, 49);
        MaxPatches.Result r7 = MaxPatches.find(net, images, new MaxPatches.Request("conv2", channels, null, null, 6, 7), null);
        MaxPatches.Result r1 = MaxPatches.find(net, images, new MaxPatches.Request("conv2", channels, null, null, 6, 1), null);
        assertEquals(images.size(), r7.scanned());
        for (int ci = 0; ci < channels.size(); ci++) {
            List<Brute> expected = bruteForce("conv2", channels.get(ci), null, null, 6);
            assertSame(expected, r7.hits().get(ci), "conv2 channel " + channels.get(ci) + " batch 7");
            assertSame(expected, r1.hits().get(ci), "conv2 channel " + channels.get(ci) + " batch 1");
        }
    }

    @Test
    void unitAndFullyConnectedTopKEqualBruteForce() throws Exception {
        MaxPatches.Result unit = MaxPatches.find(net, images,
                new MaxPatches.Request("pool1", List.of(2, 19), 5, 9, 9, 16), null);
        assertSame(bruteForce("pool1", 2, 5, 9, 9), unit.hits().get(0), "pool1 unit 2 @5,9");
        assertSame(bruteForce("pool1", 19, 5, 9, 9), unit.hits().get(1), "pool1 unit 19 @5,9");
        MaxPatches.Result fc = MaxPatches.find(net, images, MaxPatches.Request.channels("ip2", List.of(4)).withK(5), null);
        assertSame(bruteForce("ip2", 4, null, null, 5), fc.hits().get(0), "ip2 unit 4");
        assertArrayEquals(new int[] {0, 0, 28, 28}, fc.hits().get(0).get(0).box(), "an fc unit sees the whole image");
    }

    @Test
    void tiesGoToTheLowerImageIndexAndEachImageEntersOnce() throws Exception {
        // channel max of image 5 and its copies 40, 41 tie exactly; ask for every image
        MaxPatches.Result r = MaxPatches.find(net, images, new MaxPatches.Request("conv1", List.of(1), null, null,
                images.size(), 5), null);
        List<MaxPatches.Hit> hits = r.hits().get(0);
        assertEquals(images.size(), hits.size());
        assertEquals(images.size(), hits.stream().mapToInt(MaxPatches.Hit::image).distinct().count());
        int at5 = -1;
        for (int i = 0; i < hits.size(); i++) {
            if (hits.get(i).image() == 5) {
                at5 = i;
            }
        }
        assertEquals(40, hits.get(at5 + 1).image(), "copy 40 right after image 5");
        assertEquals(41, hits.get(at5 + 2).image(), "copy 41 after copy 40");
        assertEquals(hits.get(at5).value(), hits.get(at5 + 2).value());
    }

    @Test
    void cropIsTheReceptiveFieldBoxOfTheModelSummary() throws Exception {
        MaxPatches.Result r = MaxPatches.find(net, images, MaxPatches.Request.channels("conv2", List.of(0, 1)), null);
        // LeNet by hand: conv1 5x5 -> 5, pool1 2/2 -> 6 jump 2, conv2 5x5 -> 6 + 4*2 = 14, jump 2
        assertEquals(new ModelSummary.ReceptiveField(14, 14, 2, 2, 0, 0, false), r.field());
        ModelSummary.ReceptiveField fromSummary = ModelSummary.of(net).row("conv2").field();
        List<List<MaxPatches.Projection>> proj = MaxPatches.project(net, images, r);
        for (List<MaxPatches.Projection> row : proj) {
            for (MaxPatches.Projection p : row) {
                MaxPatches.Hit h = p.hit();
                assertArrayEquals(fromSummary.box(h.y(), h.x()), h.box());
                assertArrayEquals(new int[] {2 * h.y(), 2 * h.x(), 2 * h.y() + 14, 2 * h.x() + 14}, h.box());
                float[] img = images.images.get(h.image());
                for (int y = 0; y < 14; y++) {
                    for (int x = 0; x < 14; x++) {
                        assertEquals(img[(h.box()[0] + y) * 28 + h.box()[1] + x], p.patch().get(0, y, x),
                                "patch pixel " + y + "," + x + " of " + h);
                    }
                }
            }
        }
    }

    @Test
    void projectionsLieInsideTheFieldAndReadOnlyTheHitImages() throws Exception {
        MaxPatches.Result r = MaxPatches.find(net, images, new MaxPatches.Request("conv2", List.of(5), null, null, 3, 8),
                null);
        int scansBefore = images.scans.size();
        List<List<MaxPatches.Projection>> proj = MaxPatches.project(net, images, r);
        assertEquals(scansBefore + 1, images.scans.size());
        List<Integer> read = images.scans.get(images.scans.size() - 1);
        assertEquals(r.hits().get(0).stream().map(MaxPatches.Hit::image).sorted().toList(), read,
                "the second pass reads the hit images and nothing else");
        for (MaxPatches.Projection p : proj.get(0)) {
            MaxPatches.Hit h = p.hit();
            Tensor x = Tensor.of(Devices.cpu(), images.images.get(h.image()), 1, 1, 28, 28);
            Tensor a = net.forward(x, "conv2");
            for (ReluMode mode : List.of(ReluMode.DECONVNET, ReluMode.GUIDED)) {
                Planes full = Planes.of(net.backward("conv2", TopGradients.oneHot(a, 5, h.y(), h.x()), mode));
                double inside = 0;
                for (float v : MaxPatches.crop(full, h.box()).data()) {
                    inside += Math.abs(v);
                }
                double all = 0;
                for (float v : full.data()) {
                    all += Math.abs(v);
                }
                assertTrue(inside > 0, mode + ": the projection of " + h + " is all zero");
                assertEquals(all, inside, 1e-6 * all, mode + ": signal outside the receptive field");
                Planes mine = mode == ReluMode.DECONVNET ? p.deconvnet() : p.guided();
                assertArrayEquals(MaxPatches.crop(full, h.box()).data(), mine.data(), 1e-6f);
            }
        }
    }

    @Test
    void unreadableImagesAreNamedAndSkipped() throws Exception {
        ArrayImages some = new ArrayImages(images.images.subList(0, 10), 1, 28, 28);
        some.unreadable.add(3);
        MaxPatches.Result r = MaxPatches.find(net, some, new MaxPatches.Request("conv1", List.of(0), null, null, 20, 4), null);
        assertEquals(9, r.scanned());
        assertEquals(List.of("img3: broken on purpose"), r.unreadable());
        assertTrue(r.hits().get(0).stream().noneMatch(h -> h.image() == 3));
    }

    @Test
    void badRequestsNameTheValidChoices() {
        var e = assertThrows(IllegalArgumentException.class, () -> MaxPatches.find(net, images,
                MaxPatches.Request.channels("conv9", List.of(0)), null));
        assertTrue(e.getMessage().contains("conv2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MaxPatches.find(net, images,
                MaxPatches.Request.channels("conv1", List.of(20)), null));
        assertTrue(e.getMessage().contains("0-19"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MaxPatches.find(net, images,
                MaxPatches.Request.channels("conv1", List.of(0)).atUnit(24, 0), null));
        assertTrue(e.getMessage().contains("0-23"), e.getMessage());
    }

    @Test
    void cropPadsOutsideTheImageWithZero() {
        Planes p = new Planes(1, 2, 2, new float[] {1, 2, 3, 4});
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 2, 0, 3, 4}, MaxPatches.crop(p, new int[] {-1, -1, 2, 2}).data());
    }
}
