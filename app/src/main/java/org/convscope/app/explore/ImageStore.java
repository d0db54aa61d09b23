package org.convscope.app.explore;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The images the explorer was given (on the command line: kept) and sent (uploads: the most
 * recent {@code capacity} kept, the oldest forgotten). An image's id is the first 16 hex digits of
 * the SHA-256 of its bytes, so the same file sent twice is one image, and an id names nothing on
 * disk: only images in this store are ever served.
 */
final class ImageStore {
    /** What an id looks like; anything else is refused before a lookup. */
    static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    /** Largest decoded image accepted, in pixels (a small file can declare a huge image). */
    static final long MAX_PIXELS = 40_000_000L;

    record Entry(String id, String name, int width, int height, boolean given, ExplorerModel.Prepared prepared) {
    }

    private final int capacity;
    private final Path scratch;
    private final Map<String, Entry> given = new LinkedHashMap<>();
    private final LinkedHashMap<String, Entry> uploads = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * @param capacity uploads kept at once
     * @param scratch  a private folder where an upload is decoded from (the decoder reads files)
     */
    ImageStore(int capacity, Path scratch) {
        this.capacity = capacity;
        this.scratch = scratch;
    }

    static String id(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized Entry find(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw ApiException.bad("bad image id '" + id + "': ids are 16 hex digits, as POST /api/images returns");
        }
        Entry e = given.get(id);
        if (e == null) {
            e = uploads.get(id);
        }
        if (e == null) {
            throw ApiException.notFound("no image '" + id + "' (forgotten, or never sent); send it again with POST /api/images");
        }
        return e;
    }

    synchronized Entry known(String id) {
        Entry e = given.get(id);
        return e != null ? e : uploads.get(id);
    }

    synchronized void add(Entry e) {
        if (e.given()) {
            given.put(e.id(), e);
            return;
        }
        if (given.containsKey(e.id())) {
            return;
        }
        uploads.put(e.id(), e);
        Iterator<String> it = uploads.keySet().iterator();
        while (uploads.size() > capacity && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    synchronized List<Entry> all() {
        List<Entry> out = new ArrayList<>(given.values());
        out.addAll(uploads.values());
        return out;
    }

    synchronized int size() {
        return given.size() + uploads.size();
    }

    /**
     * Decodes image bytes, refusing what is not an image, is corrupt, or is too large once decoded.
     *
     * @param name what to call the image in messages
     */
    BufferedImage decode(byte[] bytes, String name) throws IOException {
        Path f = Files.createTempFile(scratch, "upload", ".img");
        try {
            Files.write(f, bytes);
            try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
                Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
                if (readers == null || !readers.hasNext()) {
                    throw new ApiException(415, name + " is not an image (JPEG, PNG, BMP or GIF): no image reader recognizes its contents");
                }
                ImageReader r = readers.next();
                try {
                    r.setInput(in, true, true);
                    long px = (long) r.getWidth(0) * r.getHeight(0);
                    if (px > MAX_PIXELS) {
                        throw new ApiException(413, name + " is " + r.getWidth(0) + " x " + r.getHeight(0)
                                + " pixels; the explorer takes images up to " + MAX_PIXELS / 1_000_000 + " megapixels");
                    }
                } catch (IOException | RuntimeException e) {
                    if (e instanceof ApiException a) {
                        throw a;
                    }
                    throw ApiException.bad(name + " is not a readable " + r.getFormatName() + " image: " + e.getMessage());
                } finally {
                    r.dispose();
                }
            }
            try {
                return org.convscope.tensor.Images.readImage(f);
            } catch (IllegalArgumentException e) {
                throw ApiException.bad(e.getMessage().replace(f.toString(), name));
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
