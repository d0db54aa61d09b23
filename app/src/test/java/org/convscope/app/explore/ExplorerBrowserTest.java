package org.convscope.app.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The explorer's page in a real browser: Debian's headless Chromium driven through its
 * chromedriver (both installed by scripts/setup.sh; nothing is downloaded at run time). A user
 * uploads a photo, picks a layer, clicks a unit, and the projection the page shows has the pixels
 * of the file {@code convscope deconv} writes (then {@code guided}, after the mode toggle); a
 * non-image upload shows its error.
 */
class ExplorerBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path dir;

    static ExplorerServer server;
    static WebDriver driver;
    static ChromeDriverService service;

    @BeforeAll
    static void start() throws Exception {
        // never skipped: without the browser this fails, saying what to install
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the browser tests need Debian's chromium and chromium-driver (scripts/setup.sh installs them)");
        server = Explorers.demoServer(1 << 20, List.of());
        // the driver and the browser are both named, so Selenium's DriverFinder takes them as they are and never
        // runs Selenium Manager (which would look up or download a browser)
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--no-first-run", "--disable-extensions", "--force-color-profile=srgb");
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    static JavascriptExecutor js() {
        return (JavascriptExecutor) driver;
    }

    /** Waits until {@code img} shows {@code url} (the page sets data-src once the picture has loaded). */
    static void waitShown(String id, String url) {
        waiting().until(d -> url.equals(d.findElement(By.id(id)).getAttribute("data-src")));
    }

    /** The pixels of a shown picture, read back through a canvas at its natural size, as 0xRRGGBB. */
    static int[] pixels(String id) {
        @SuppressWarnings("unchecked")
        List<Long> v = (List<Long>) js().executeScript("""
                const img = document.getElementById(arguments[0]);
                const c = document.createElement('canvas');
                c.width = img.naturalWidth; c.height = img.naturalHeight;
                const g = c.getContext('2d');
                g.drawImage(img, 0, 0);
                const d = g.getImageData(0, 0, c.width, c.height).data;
                const out = [c.width, c.height];
                for (let i = 0; i < d.length; i += 4) out.push((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
                return out;""", id);
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).intValue();
        }
        return out;
    }

    static void assertSamePixels(Path png, int[] shown) throws Exception {
        BufferedImage want = ImageIO.read(png.toFile());
        assertEquals(want.getWidth(), shown[0], "width");
        assertEquals(want.getHeight(), shown[1], "height");
        int diff = 0;
        for (int y = 0; y < want.getHeight(); y++) {
            for (int x = 0; x < want.getWidth(); x++) {
                if ((want.getRGB(x, y) & 0xffffff) != shown[2 + y * want.getWidth() + x]) {
                    diff++;
                }
            }
        }
        assertEquals(0, diff, "pixels that differ from " + png);
    }

    static void upload(Path file) {
        driver.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
    }

    @Test
    void clickOnAUnitShowsTheProjectionTheCommandWrites() throws Exception {
        Path photo = Explorers.photo(dir, "photo.jpg", 150, 110, 4);
        String id = ImageStore.id(Files.readAllBytes(photo));
        driver.get(server.url());
        waiting().until(d -> d.findElement(By.id("layer")).findElements(By.tagName("option")).size() > 0);
        upload(photo);
        waiting().until(d -> id.equals(d.findElement(By.tagName("body")).getAttribute("data-image")));
        waiting().until(d -> d.findElements(By.cssSelector("#top5 li")).size() == 5);

        new Select(driver.findElement(By.id("layer"))).selectByValue("conv2");
        String gridUrl = "/api/images/" + id + "/activations/conv2";
        waitShown("grid", gridUrl);

        int unit = 13;
        JsonNode layout = new ObjectMapper().readTree(HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.url() + "api/model/blobs/conv2/grid")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        JsonNode tile = layout.get("tiles").get(unit);
        WebElement grid = driver.findElement(By.id("grid"));
        double scale = ((Number) js().executeScript("const i = arguments[0]; return i.clientWidth / i.naturalWidth;", grid))
                .doubleValue();
        double cx = (tile.get(0).asInt() + tile.get(2).asInt() / 2.0) * scale;
        double cy = (tile.get(1).asInt() + tile.get(3).asInt() / 2.0) * scale;
        // W3C actions: offsets from the element's centre
        new Actions(driver).moveToElement(grid, (int) Math.round(cx - grid.getSize().getWidth() / 2.0),
                (int) Math.round(cy - grid.getSize().getHeight() / 2.0)).click().perform();
        waiting().until(d -> ("conv2/" + unit).equals(d.findElement(By.tagName("body")).getAttribute("data-unit")));
        waitShown("projection", "/api/images/" + id + "/projection/conv2/" + unit + "?mode=deconvnet");

        Path deconv = dir.resolve("deconv");
        Explorers.cli("deconv", "--model", "demo", "--device", "cpu", photo.toString(), "--blob", "conv2", "--unit",
                Integer.toString(unit), "--out", deconv.toString());
        assertSamePixels(deconv.resolve("deconv.png"), pixels("projection"));

        driver.findElement(By.id("mode-guided")).click();
        waitShown("projection", "/api/images/" + id + "/projection/conv2/" + unit + "?mode=guided");
        Path guided = dir.resolve("guided");
        Explorers.cli("guided", "--model", "demo", "--device", "cpu", photo.toString(), "--blob", "conv2", "--unit",
                Integer.toString(unit), "--out", guided.toString());
        assertSamePixels(guided.resolve("guided.png"), pixels("projection"));

        // the toolbox's keys: next unit
        driver.findElement(By.tagName("body")).sendKeys(Keys.ARROW_RIGHT);
        waiting().until(d -> ("conv2/" + (unit + 1)).equals(d.findElement(By.tagName("body")).getAttribute("data-unit")));
        waitShown("projection", "/api/images/" + id + "/projection/conv2/" + (unit + 1) + "?mode=guided");
        assertTrue(driver.findElement(By.id("error")).getAttribute("hidden") != null, "no error shown");
    }

    @Test
    void theOptimizedImageArrivesWithItsProgressStreamed() throws Exception {
        Path photo = Explorers.photo(dir, "other.png", 100, 90, 6);
        driver.get("about:blank"); // a new document, not a change of the fragment only
        driver.get(server.url() + "#layer=conv3&unit=4");
        waiting().until(d -> d.findElement(By.id("layer")).findElements(By.tagName("option")).size() > 0);
        upload(photo);
        waiting().until(d -> "conv3/4".equals(d.findElement(By.tagName("body")).getAttribute("data-unit")));
        driver.findElement(By.id("optimize-run")).click();
        waiting().until(d -> {
            String src = d.findElement(By.id("optimize")).getAttribute("data-src");
            return src != null && src.matches("/api/jobs/[0-9a-f]{12}/result");
        });
        // the bar followed the streamed steps to the end
        assertEquals("100", driver.findElement(By.id("optimize-progress")).getAttribute("value"));
        assertTrue(driver.findElement(By.id("optimize-status")).getText().startsWith("done 100"),
                driver.findElement(By.id("optimize-status")).getText());
        assertTrue(pixels("optimize")[0] > 0);

        // the class model: started, then cancelled
        driver.findElement(By.id("classmodel-run")).click();
        waiting().until(d -> d.findElement(By.id("classmodel-cancel")).isDisplayed());
        driver.findElement(By.id("classmodel-cancel")).click();
        waiting().until(d -> d.findElement(By.id("classmodel-status")).getText().startsWith("cancelled")
                || d.findElement(By.id("classmodel-status")).getText().startsWith("done"));
        waiting().until(d -> d.findElement(By.id("classmodel-run")).isEnabled());
    }

    @Test
    void aNonImageUploadShowsItsError() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "these are words, not pixels\n");
        driver.get(server.url());
        waiting().until(d -> d.findElement(By.id("layer")).findElements(By.tagName("option")).size() > 0);
        upload(notes);
        WebElement error = driver.findElement(By.id("error"));
        waiting().until(d -> error.isDisplayed());
        String text = error.getText();
        assertTrue(text.contains("notes.txt") && text.contains("not an image"), text);
        assertTrue(new File(notes.toString()).exists());
    }
}
