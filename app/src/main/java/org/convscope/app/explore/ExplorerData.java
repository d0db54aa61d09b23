package org.convscope.app.explore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.convscope.nn.Preprocessing;
import org.convscope.nn.data.InputTransform;
import org.convscope.vis.data.DataSpec;
import org.convscope.vis.embed.LayerCodes;
import org.convscope.vis.patches.FolderImages;
import org.convscope.vis.patches.ImageSource;

/**
 * The {@code --data} set of the top-9 patches: a folder of images (read as the commands read
 * image files) or a data set spec ({@code shapes:SEED:N}, {@code folder:DIR}, {@code mnist:DIR}),
 * and the key its cached results are filed under (the spec and, for files, their names, sizes and
 * times).
 */
record ExplorerData(String spec, ImageSource images, String key) {

    static ExplorerData open(String spec, Preprocessing pre, boolean grey) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        md.update(spec.getBytes(StandardCharsets.UTF_8));
        ImageSource images;
        Path dir = Path.of(spec);
        if (Files.isDirectory(dir)) {
            List<Path> files = FolderImages.expand(List.of(dir));
            if (files.isEmpty()) {
                throw new IllegalArgumentException("--data " + spec + " holds no images (.jpg, .jpeg, .png, .bmp, .gif)");
            }
            for (Path f : files) {
                md.update((f.toAbsolutePath() + "|" + Files.size(f) + "|" + Files.getLastModifiedTime(f).toMillis())
                        .getBytes(StandardCharsets.UTF_8));
            }
            images = new FolderImages(files, pre, grey);
        } else {
            images = new DatasetImages(DataSpec.open(spec, LayerCodes.side(pre)), InputTransform.of(pre));
        }
        return new ExplorerData(spec, images, HexFormat.of().formatHex(md.digest()).substring(0, 12));
    }
}
