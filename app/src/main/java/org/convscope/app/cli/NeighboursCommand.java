package org.convscope.app.cli;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.nn.data.Dataset;
import org.convscope.vis.data.DataSpec;
import org.convscope.vis.data.QueryImages;
import org.convscope.vis.embed.LayerCodes;
import org.convscope.vis.embed.NeighbourRows;
import org.convscope.vis.embed.Neighbours;
import org.convscope.vis.embed.PixelCodeNeighbours;
import org.convscope.vis.render.Manifest;
import org.convscope.vis.render.RunOutput;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code convscope neighbours --model demo --data shapes:7:500 --queries shapes:99:6 --out nn}: for each
 * query image, its k nearest images of the data set by L2 in pixel space beside its k nearest by L2
 * in a layer's code space (Krizhevsky et al. 2012, figure 4).
 */
@Command(name = "neighbours", aliases = "neighbors", mixinStandardHelpOptions = true,
        description = {"For query images, the k nearest images of a data set by L2 distance in pixel space and in a "
                + "layer's code space (fc7 or the net's equivalent by default). Writes neighbours.png (one row per query; class names green "
                + "when they match the query's, red when not), neighbours.json (indices, classes, distances, and "
                + "how many neighbours share the query's class in each space) and manifest.json."})
final class NeighboursCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--data", required = true, paramLabel = "SPEC",
            description = "The images searched: folder:DIR, shapes:SEED:COUNT or mnist:DIR[:PREFIX] (@FROM-TO).")
    String data;

    @Option(names = "--queries", paramLabel = "SPEC",
            description = "Query images, a data set spec as for --data. Without it, --query-count images of --data "
                    + "(evenly spaced) are the queries, and none is its own neighbour.")
    String queries;

    @Option(names = "--query", paramLabel = "IMAGE",
            description = "A query image file (repeat for several); read and resized as --data's images are.")
    List<Path> queryFiles;

    @Option(names = "--query-count", defaultValue = "8", description = "Queries taken from --data without --queries (default: ${DEFAULT-VALUE}).")
    int queryCount;

    @Option(names = "--codes", paramLabel = "NPY",
            description = "Codes of --data's images saved by 'convscope codes' or 'convscope-spark codes', used instead "
                    + "of computing them (queries given apart are still run through the net).")
    Path savedCodes;

    @Mixin
    CodeLayerOptions codeLayer;

    @Option(names = "-k", defaultValue = "6", description = "Neighbours per query in each space (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--tile", defaultValue = "64", description = "Image side in the picture, pixels (default: ${DEFAULT-VALUE}).")
    int tile;

    @Mixin
    OutputOptions out = OutputOptions.requiredWithShortName("Folder for neighbours.png, neighbours.json and manifest.json.");

    @Override
    public Integer call() throws Exception {
        Instant t0 = Instant.now();
        if (k < 1) {
            throw new IllegalArgumentException("-k must be at least 1, got " + k);
        }
        if (tile < 8) {
            throw new IllegalArgumentException("--tile must be at least 8, got " + tile);
        }
        org.convscope.tensor.Device d = modelOptions.device();
        Net net = modelOptions.load(d);
        String layer = codeLayer.of(net);
        Preprocessing pre = modelOptions.requirePreprocessing(net);
        int side = LayerCodes.side(pre);
        Dataset base = DataSpec.open(data, side);
        if (queries != null && queryFiles != null) {
            throw new IllegalArgumentException("give --queries SPEC or --query IMAGE, not both");
        }
        boolean fromBase = queries == null && queryFiles == null;
        Dataset qs;
        int[] qIndex;
        if (fromBase) {
            if (queryCount < 1 || queryCount > base.size()) {
                throw new IllegalArgumentException("--query-count " + queryCount + " of " + base.size() + " images");
            }
            qIndex = PixelCodeNeighbours.evenlySpaced(queryCount, base.size());
            qs = base;
        } else {
            qs = queries != null ? DataSpec.open(queries, side) : new QueryImages(queryFiles, side);
            qIndex = new int[qs.size()];
            for (int q = 0; q < qIndex.length; q++) {
                qIndex[q] = q;
            }
        }
        if (qs.channels() != base.channels() || qs.height() != base.height() || qs.width() != base.width()) {
            throw new IllegalArgumentException("queries are " + qs.channels() + "x" + qs.height() + "x" + qs.width()
                    + " but the data set is " + base.channels() + "x" + base.height() + "x" + base.width());
        }
        int need = k + (fromBase ? 1 : 0);
        if (need > base.size()) {
            throw new IllegalArgumentException("-k " + k + " neighbours asked of " + base.size() + " images");
        }
        float[][] basePixels = new float[base.size()][];
        for (int i = 0; i < base.size(); i++) {
            basePixels[i] = base.image(i);
        }
        float[][] baseCodes;
        if (savedCodes != null) {
            baseCodes = LayerCodes.read(savedCodes).codes();
            if (baseCodes.length != base.size()) {
                throw new IllegalArgumentException("--data has " + base.size() + " images but --codes " + savedCodes + " has "
                        + baseCodes.length + " rows");
            }
        } else {
            baseCodes = LayerCodes.compute(net, pre, base, layer);
        }
        float[][] qPixels = new float[qIndex.length][];
        float[][] qCodes = new float[qIndex.length][];
        if (fromBase) {
            for (int q = 0; q < qIndex.length; q++) {
                qPixels[q] = basePixels[qIndex[q]];
                qCodes[q] = baseCodes[qIndex[q]];
            }
        } else {
            for (int q = 0; q < qIndex.length; q++) {
                qPixels[q] = qs.image(q);
            }
            qCodes = LayerCodes.compute(net, pre, qs, layer);
        }
        PixelCodeNeighbours found = PixelCodeNeighbours.search(qPixels, qCodes, basePixels, baseCodes, k,
                fromBase ? qIndex : null);
        int[][] byPixel = found.byPixel();
        int[][] byCode = found.byCode();

        List<BufferedImage> baseImages = new ArrayList<>();
        List<String> baseClasses = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            baseImages.add(NeighbourRows.picture(base, i));
            baseClasses.add(base.classNames().get(base.label(i)));
        }
        List<BufferedImage> qImages = new ArrayList<>();
        List<String> qClasses = new ArrayList<>();
        for (int q = 0; q < qIndex.length; q++) {
            qImages.add(NeighbourRows.picture(qs, qIndex[q]));
            String c = qs.classNames().get(qs.label(qIndex[q]));
            qClasses.add(qs instanceof QueryImages ? null : c);
        }
        List<Path> inputs = new ArrayList<>();
        if (queryFiles != null) {
            inputs.addAll(queryFiles);
        }
        if (modelOptions.weights != null) {
            inputs.add(modelOptions.weights);
        }
        RunOutput output = new RunOutput(out.dir(), inputs);
        output.writePng("neighbours.png",
                NeighbourRows.render(qImages, qClasses, byPixel, byCode, baseImages, baseClasses, layer, tile));

        int[] same = found.sameClass(qClasses, baseClasses);
        int samePixel = same[0];
        int sameCode = same[1];
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int q = 0; q < qIndex.length; q++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("query", queryFiles != null ? queryFiles.get(q).toString() : qIndex[q]);
            row.put("class", qClasses.get(q));
            row.put("pixel", entries(byPixel[q], qPixels[q], basePixels, baseClasses));
            row.put("code", entries(byCode[q], qCodes[q], baseCodes, baseClasses));
            rows.add(row);
        }
        long labelled = qClasses.stream().filter(java.util.Objects::nonNull).count();
        double total = (double) k * labelled;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("layer", layer);
        json.put("k", k);
        json.put("queriesFromData", fromBase);
        if (labelled > 0) {
            json.put("sameClassFraction", Map.of("pixel", samePixel / total, "code", sameCode / total));
        }
        json.put("queries", rows);
        byte[] bytes = (JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                .writeValueAsString(json) + "\n").getBytes(StandardCharsets.UTF_8);
        output.writeBytes("neighbours.json", bytes);

        Manifest manifest = new Manifest().command("neighbours", spec.commandLine().getParseResult().originalArgs());
        manifest.device(d.name()).weights(modelOptions.weights);
        manifest.setting("model", modelOptions.model);
        manifest.setting("data", data);
        manifest.setting("queries", queries);
        if (queryFiles != null) {
            for (int q = 0; q < queryFiles.size(); q++) {
                manifest.input("query" + q, queryFiles.get(q));
            }
        }
        manifest.setting("queryCount", qIndex.length);
        manifest.setting("layer", layer);
        manifest.setting("k", k);
        manifest.setting("tile", tile);
        manifest.elapsed(Duration.between(t0, Instant.now()));
        manifest.write(output);
        if (labelled > 0) {
            System.out.printf(Locale.ROOT, "neighbours of the query's class: %.1f%% by pixel L2, %.1f%% by %s L2%n",
                    100 * samePixel / total, 100 * sameCode / total, layer);
        }
        System.out.printf(Locale.ROOT, "wrote %s to %s%n", String.join(", ", output.files()), out.dir());
        return 0;
    }

    private static List<Map<String, Object>> entries(int[] idx, float[] query, float[][] base, List<String> classes) {
        List<Map<String, Object>> l = new ArrayList<>();
        for (int j : idx) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("index", j);
            e.put("class", classes.get(j));
            e.put("distance", Math.sqrt(Neighbours.squaredDistance(query, base[j])));
            l.add(e);
        }
        return l;
    }
}
