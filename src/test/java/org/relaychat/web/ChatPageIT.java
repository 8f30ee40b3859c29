package org.relaychat.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.relaychat.it.Deployments;

/**
 * The web client in headless Chromium against the built WAR: people in one
 * room see each other, others see nothing of it, text stays text, and a
 * dropped socket comes back on its own.
 */
@RequiresChromium
@ExtendWith(ArquillianExtension.class)
class ChatPageIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String MARKUP = "<img src=x onerror=alert(1)>";
    /** A PNG of one pixel. */
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
    /** Over the server's chat.files.max-bytes of 10 MiB. */
    private static final long OVERSIZE_BYTES = 12L * 1024 * 1024;
    /** A download address as the frame log shows the server's answer to a download. */
    private static final Pattern DOWNLOAD_URL = Pattern.compile("\"url\":\"(api/files/[^\"]+)\"");

    /**
     * Keeps the page's sockets reachable and lets the test refuse new ones: a socket opened while
     * {@code __relayBlock} is set goes to a path of the same server that refuses the upgrade (404),
     * so the refusal stays within the page's Content-Security-Policy.
     */
    private static final String SOCKET_CONTROL = """
            (() => {
              const Native = window.WebSocket;
              window.__relaySockets = [];
              window.__relayBlock = false;
              window.WebSocket = class extends Native {
                constructor(url, protocols) {
                  super(window.__relayBlock ? String(url).replace(/\\/ws(?=\\?|$)/, '/refused') : url, protocols);
                  window.__relaySockets.push(this);
                }
              };
            })();
            """;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.builtWar();
    }

    /**
     * Records every Content-Security-Policy violation of the page, so that a test can tell the
     * policy the server sends broke nothing the client does.
     */
    private static final String CSP_WATCH = """
            window.__relayCspViolations = [];
            document.addEventListener('securitypolicyviolation',
                e => window.__relayCspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
            """;

    @ArquillianResource
    URL base;

    private final List<Browser> browsers = new ArrayList<>();

    /** Every page ran under the server's Content-Security-Policy without breaking it. */
    @AfterEach
    void closeBrowsers() {
        try {
            for (Browser browser : browsers) {
                assertEquals(List.of(), browser.driver.executeScript("return window.__relayCspViolations"),
                        browser.name + ": Content-Security-Policy violations");
            }
        } finally {
            browsers.forEach(Browser::close);
        }
    }

    @Test
    void namesAndMessagesInAnyScriptShowAsTyped() {
        String room = unique("names");
        Browser zoe = open("Chloë");
        Browser zhang = open("李娜");
        Browser zoya = open("Ольга");
        for (Browser browser : List.of(zoe, zhang, zoya)) {
            browser.joinRoom(room);
        }
        // Yourself first, then the others in the browser's collation order.
        zoe.waitForMembers("Chloë", "Ольга", "李娜");

        zoya.send("Привет, José");
        zoe.waitForMessage("Ольга", "Привет, José");
        zhang.send("你好");
        zoya.waitForMessage("李娜", "你好");
    }

    @Test
    void peopleInARoomSeeEachOtherWhileAnotherRoomSeesNothing() throws IOException {
        String room = unique("design");
        Browser ana = open("Ana");
        Browser ben = open("Ben");
        Browser cy = open("Cy");
        ana.joinRoom(room);
        ben.joinRoom(room);
        cy.joinRoom(unique("elsewhere"));

        ana.waitForMembers("Ana", "Ben");
        ben.waitForMembers("Ben", "Ana");

        ana.type("Hello Ben");
        ben.waitForText("typing-indicator", "Ana is typing…");
        ana.press(Keys.ENTER);
        ben.waitForMessage("Ana", "Hello Ben");
        ben.waitForText("typing-indicator", "");
        ana.waitForOwnMessage("Hello Ben", "confirmed");

        ben.type("Hi Ana,");
        ben.press(Keys.chord(Keys.SHIFT, Keys.ENTER));
        ben.type("two lines");
        ben.press(Keys.ENTER);
        ana.waitForMessage("Ben", "Hi Ana,\ntwo lines");

        WebElement own = ana.messages().get(0);
        assertEquals("true", own.getDomAttribute("data-mine"));
        assertEquals("You", own.findElement(testId("message-sender")).getText());

        ana.screenshot("room-ana");
        ben.screenshot("room-ben");

        assertTrue(cy.roomNames().stream().noneMatch(room::equals), "Cy is not in " + room);
        assertTrue(cy.messageTexts().isEmpty(), "Cy's room stays empty");
        assertEquals("", cy.text("typing-indicator"));
        String frames = cy.logText();
        assertFalse(frames.contains("Hello Ben") || frames.contains(room), "no frame of the room reached Cy");
        cy.screenshot("other-room-cy");
    }

    @Test
    void markupInMessagesAndNamesShowsAsText() throws IOException {
        String room = unique("markup");
        Browser ada = open("Ada");
        Browser eve = open("<b>Eve</b>");
        ada.joinRoom(room);
        eve.joinRoom(room);
        ada.waitForMembers("Ada", "<b>Eve</b>");

        eve.send(MARKUP);
        ada.waitForMessage("<b>Eve</b>", MARKUP);

        assertTrue(ada.driver.findElements(By.cssSelector("[data-testid=messages] img, [data-testid=members] b")).isEmpty(),
                "markup from the network is never parsed");
        assertThrows(NoAlertPresentException.class, () -> ada.driver.switchTo().alert());
        ada.screenshot("markup-as-text");
    }

    @Test
    void aDroppedSocketReconnectsRejoinsAndDeliversWhatWasWrittenMeanwhile() throws IOException {
        String room = unique("ops");
        Browser ana = open("Abe", true);
        Browser ben = open("Bea");
        ana.joinRoom(room);
        ben.joinRoom(room);
        ben.waitForMembers("Bea", "Abe");

        ana.script("window.__relayBlock = true; window.__relaySockets.at(-1).close();");
        ana.waitForState("reconnecting");
        ben.waitForMembers("Bea");

        ana.send("written while offline");
        ana.waitForOwnMessage("written while offline", "pending");
        ben.send("said while Abe was away");
        ana.screenshot("reconnecting");

        ana.script("window.__relayBlock = false;");
        ana.waitUntil("back online", d -> {
            if ("online".equals(ana.state())) return true;
            ana.script("document.querySelector(\"[data-testid='retry-button']\").click();");
            return false;
        });

        ana.waitUntil("still in " + room, d -> ana.roomNames().contains(room));
        assertEquals("# " + room, ana.text("conversation-title"));
        ben.waitForMessage("Abe", "written while offline");
        ana.waitForOwnMessage("written while offline", "confirmed");
        ana.waitForMessage("Bea", "said while Abe was away");
        ben.waitForMembers("Bea", "Abe");
        ana.waitForMembers("Abe", "Bea");
        assertEquals(1, ben.messageTexts().stream().filter("written while offline"::equals).count(), "sent once");
        ana.screenshot("reconnected");

        ana.driver.manage().window().setSize(new Dimension(390, 844));
        ana.waitUntil("phone layout", d -> ana.driver.findElement(By.id("toggle-sidebar")).isDisplayed());
        ana.screenshot("reconnected-phone");
    }

    @Test
    void aNameInUseByOneBrowserIsRefusedToAnotherThatIsToldWhy() {
        Browser kim = open("Kim");
        Browser other = load("Kim", false, "");
        other.submitName();
        other.waitUntil("told why", d -> other.text("join-error").contains("kept for the browser"));
        assertEquals("offline", other.state());

        kim.driver.navigate().refresh();
        kim.join();
        kim.waitForText("me", "Kim");
    }

    @Test
    void anAuthorsEditAndDeletionShowInTheOtherBrowser() throws IOException {
        String room = unique("edits");
        Browser edith = open("Edith");
        Browser felix = open("Felix");
        edith.joinRoom(room);
        felix.joinRoom(room);
        edith.waitForMembers("Edith", "Felix");
        edith.send("Helo Felix");
        edith.send("Wrong room, sorry");
        edith.send("See you");
        felix.waitForMessage("Edith", "See you");
        edith.waitForOwnMessage("See you", "confirmed");

        // Escape leaves the message as it was.
        WebElement typo = edith.ownMessage("Helo Felix");
        typo.findElement(testId("message-edit-button")).click();
        WebElement editor = typo.findElement(testId("message-editor"));
        assertTrue(editor.isDisplayed());
        assertEquals(editor, edith.driver.switchTo().activeElement(), "the editor has the focus");
        editor.sendKeys(" and goodbye", Keys.ESCAPE);
        assertFalse(editor.isDisplayed());
        assertEquals("Helo Felix", typo.findElement(testId("message-text")).getText());

        // Enter saves.
        typo.findElement(testId("message-edit-button")).click();
        editor.clear();
        editor.sendKeys("Hello Felix", Keys.ENTER);
        felix.waitUntil("the edit", d -> felix.messageTexts().contains("Hello Felix"));
        WebElement edited = felix.messageWithText("Hello Felix");
        assertTrue(edited.findElement(testId("message-edited")).isDisplayed(), "marked (edited)");
        assertEquals("(edited)", edited.findElement(testId("message-edited")).getText());
        edith.waitUntil("the own edit", d -> edith.ownMessage("Hello Felix")
                .findElement(testId("message-edited")).isDisplayed());

        edith.ownMessage("Wrong room, sorry").findElement(testId("message-delete-button")).click();
        felix.waitUntil("the deletion", d -> felix.messages().stream()
                .anyMatch(m -> "true".equals(m.getDomAttribute("data-deleted"))));
        WebElement tombstone = felix.messages().stream()
                .filter(m -> "true".equals(m.getDomAttribute("data-deleted"))).findFirst().orElseThrow();
        assertEquals("message deleted", tombstone.findElement(testId("message-text")).getText());
        assertFalse(felix.messageTexts().contains("Wrong room, sorry"));
        assertEquals(List.of("Hello Felix", "message deleted", "See you"), felix.messageTexts());
        edith.waitUntil("the own deletion", d -> edith.messageTexts().contains("message deleted"));

        // Only one's own messages offer the actions; they are labelled buttons.
        assertTrue(felix.driver.findElements(testId("message-edit-button")).stream().noneMatch(WebElement::isDisplayed));
        WebElement edit = edith.ownMessage("See you").findElement(testId("message-edit-button"));
        assertTrue(edit.isDisplayed());
        assertEquals("button", edit.getTagName());
        assertEquals("Edit message", edit.getDomAttribute("aria-label"));
        assertTrue(edith.ownMessage("message deleted").findElements(testId("message-delete-button")).stream()
                .noneMatch(WebElement::isDisplayed), "a deleted message offers nothing");

        edith.screenshot("edited-and-deleted-edith");
        felix.screenshot("edited-and-deleted-felix");

        // A page opened later reads the same from history.
        felix.driver.navigate().refresh();
        felix.join();
        felix.joinRoom(room);
        felix.waitUntil("history", d -> felix.messageTexts().equals(List.of("Hello Felix", "message deleted", "See you")));
    }

    @Test
    void filesAttachedInOneBrowserShowAsImagePreviewAndFileChipInAnother() throws IOException {
        String room = unique("files");
        Path image = file("dot.png", PNG);
        Path text = file("notes.txt", "twelve bytes".getBytes(StandardCharsets.UTF_8));
        Browser fay = open("Fay");
        Browser gus = open("Gus");
        fay.joinRoom(room);
        gus.joinRoom(room);

        fay.attach(image, text);
        fay.waitUntil("both files uploaded", d -> fay.pendingFiles("ready") == 2);
        fay.screenshot("attachments-pending");
        // No text: attachments alone make a message.
        fay.driver.findElement(testId("send-button")).click();
        fay.waitUntil("the tray emptied", d -> fay.pendingFiles("ready") == 0);

        for (Browser viewer : List.of(gus, fay)) {
            viewer.waitForAttachments("dot.png", "notes.txt", "12 bytes");
        }
        gus.screenshot("attachments-received");

        // Who joins later gets them from history, shown the same way.
        Browser hal = open("Hal");
        hal.joinRoom(room);
        hal.waitForAttachments("dot.png", "notes.txt", "12 bytes");
    }

    @Test
    void aProfileSetInTheDialogShowsInAnotherBrowsersMemberListAndOnMessages() throws IOException {
        String room = unique("profiles");
        Path picture = file("ada.png", squarePng());
        Browser ada = open("ada");
        Browser bob = open("Bob");
        ada.joinRoom(room);
        bob.joinRoom(room);
        bob.waitUntil("ada among the members", d -> bob.memberNames().contains("ada"));

        WebElement dialog = ada.openProfile();
        WebElement name = ada.driver.findElement(testId("profile-name"));
        name.clear();
        name.sendKeys("Ada Lovelace");
        ada.driver.findElement(testId("profile-status")).sendKeys("writing notes");
        ada.driver.findElement(testId("profile-avatar-input")).sendKeys(picture.toAbsolutePath().toString());
        ada.waitUntil("the picture's preview", d -> ada.pictureShown(ada.driver.findElement(testId("profile-preview"))));
        ada.screenshot("profile-dialog");
        ada.driver.findElement(testId("profile-save")).click();
        ada.waitUntil("the dialog closed after saving", d -> !dialog.isDisplayed());
        ada.send("Notes on the engine");

        bob.waitUntil("Ada's name, status and picture in the member list", d -> {
            WebElement member = bob.member("ada");
            return "Ada Lovelace".equals(Browser.textOf(member, "member-name"))
                    && "writing notes".equals(Browser.textOf(member, "member-status"))
                    && bob.pictureShown(member);
        });
        bob.waitForMessage("Ada Lovelace", "Notes on the engine");
        bob.waitUntil("Ada's picture on her message", d -> bob.pictureShown(bob.messageWithText("Notes on the engine")));
        bob.screenshot("profile-shown");

        // Escape closes the dialog without saving.
        ada.openProfile();
        ada.driver.findElement(testId("profile-status")).sendKeys(" and more", Keys.ESCAPE);
        ada.waitUntil("the dialog closed by Escape", d -> !dialog.isDisplayed());
        assertEquals("writing notes", Browser.textOf(bob.member("ada"), "member-status"));
    }

    @Test
    void aBrowserWithoutInputShowsAwayToOthersUntilItsNextInput() {
        String room = unique("away");
        // Two seconds instead of five minutes without input.
        Browser cleo = load("Cleo", false, "?away_after_ms=2000");
        cleo.join();
        Browser dan = open("Dan");
        cleo.joinRoom(room);
        dan.joinRoom(room);

        dan.waitUntil("Cleo away", d -> "away".equals(dan.member("Cleo").getDomAttribute("data-state")));
        cleo.driver.findElement(testId("message-input")).click();
        dan.waitUntil("Cleo online again", d -> "online".equals(dan.member("Cleo").getDomAttribute("data-state")));
    }

    /**
     * A file dropped on the conversation and one pasted into the message box are attached as the
     * file button attaches them, and an upload under way can be cancelled. The drop and the paste
     * are the browser's own events (DragEvent, ClipboardEvent) carrying the files, dispatched by
     * script: WebDriver can neither drag from the desktop nor paste files.
     */
    @Test
    void filesDroppedOrPastedAreAttachedAndAnUploadUnderWayCanBeCancelled() throws IOException {
        Browser jo = open("Jo");
        jo.joinRoom(unique("drop"));

        jo.script(pngTransfer("dropped.png") + "document.getElementById('conversation').dispatchEvent("
                + "new DragEvent('drop', {dataTransfer: files, bubbles: true, cancelable: true}));");
        jo.script(pngTransfer("pasted.png") + "document.getElementById('message-input').dispatchEvent("
                + "new ClipboardEvent('paste', {clipboardData: files, bubbles: true, cancelable: true}));");
        jo.waitUntil("both files uploaded", d -> jo.pendingFiles("ready") == 2);
        jo.driver.findElement(testId("send-button")).click();
        for (String image : List.of("dropped.png", "pasted.png")) {
            jo.waitUntil(image + " shown", d -> jo.driver.findElements(testId("attachment-image")).stream()
                    .anyMatch(i -> image.equals(i.getDomAttribute("alt")) && ((Number) jo.driver.executeScript(
                            "return arguments[0].naturalWidth", i)).intValue() > 0));
        }

        // Two megabytes over a network slowed to 64 KiB/s: half a minute, cancelled on the way.
        jo.driver.executeCdpCommand("Network.enable", Map.of());
        jo.driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", 64 * 1024));
        jo.attach(file("slow.bin", new byte[2 * 1024 * 1024]));
        jo.waitUntil("the upload under way", d -> jo.pendingFiles("uploading") == 1);
        jo.driver.findElement(testId("pending-file-remove")).click();
        jo.waitUntil("the tray emptied", d -> jo.driver.findElements(testId("pending-file")).isEmpty());
        assertFalse(jo.driver.findElement(testId("upload-error")).isDisplayed(), "a cancelled upload is no error");
    }

    /** Script that makes {@code files}, a DataTransfer holding a PNG named {@code name}. */
    private static String pngTransfer(String name) {
        return "const bytes = Uint8Array.from(atob('" + Base64.getEncoder().encodeToString(PNG)
                + "'), c => c.charCodeAt(0)); const files = new DataTransfer();"
                + " files.items.add(new File([bytes], '" + name + "', {type: 'image/png'}));";
    }

    @Test
    void anOversizeFileIsRefusedWithTheLimitShown() throws IOException {
        Path big = file("huge.bin", new byte[0]);
        try (var bytes = new RandomAccessFile(big.toFile(), "rw")) {
            bytes.setLength(OVERSIZE_BYTES);
        }
        Browser ivy = open("Ivy");
        ivy.attach(big);
        ivy.waitUntil("the refusal", d -> ivy.driver.findElement(testId("upload-error")).isDisplayed());
        assertEquals("huge.bin (12 MB) is too large: files are limited to 10 MB.", ivy.text("upload-error"));
        assertEquals(0, ivy.pendingFiles("uploading") + ivy.pendingFiles("ready"));
        ivy.screenshot("attachment-too-large");
    }

    /**
     * An uploaded HTML page and SVG image, opened by their download address, must not run as this
     * origin's content. Their scripts would set the title and add an element; the server sends
     * them as attachments with a sandbox policy, so Chromium downloads them and stays on the chat
     * page. The assertions hold for any safe outcome (downloaded, or shown sandboxed without
     * scripts), and fail if the script ran: driver.get returns after the load event of a page it
     * rendered, by which time an inline script has run, so no wait can miss it.
     */
    @Test
    void uploadedHtmlAndSvgDoNotRunWhenTheirAddressIsOpened() throws IOException {
        String script = "document.title='ran';document.documentElement.append(Object.assign("
                + "document.createElement('p'),{id:'ran'}))";
        Path html = file("page.html", ("<!DOCTYPE html><html><body><script>" + script + "</script></body></html>")
                .getBytes(StandardCharsets.UTF_8));
        Path svg = file("picture.svg", ("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"" + script
                + "\"><circle r=\"4\"/></svg>").getBytes(StandardCharsets.UTF_8));
        Browser mallory = open("Mallory");
        mallory.joinRoom(unique("hostile"));
        mallory.attach(html, svg);
        mallory.waitUntil("both files uploaded", d -> mallory.pendingFiles("ready") == 2);
        mallory.driver.findElement(testId("send-button")).click();

        List<String> addresses = new ArrayList<>();
        for (String name : List.of("page.html", "picture.svg")) {
            mallory.waitUntil(name + " sent", d -> mallory.chip(name) != null);
            mallory.chip(name).click();
            mallory.waitUntil("the download address of " + name,
                    d -> downloadUrls(mallory.logText()).size() > addresses.size());
            addresses.add(downloadUrls(mallory.logText()).get(addresses.size()));
        }
        String page = mallory.driver.getCurrentUrl();
        for (String address : addresses) {
            mallory.driver.get(new URL(base, address).toString());
            assertEquals(page, mallory.driver.getCurrentUrl(), "the browser left the chat page for " + address);
            assertTrue(mallory.driver.getTitle().endsWith("Relay"), mallory.driver.getTitle());
            assertTrue(mallory.driver.findElements(By.id("ran")).isEmpty(), "the uploaded script ran");
        }
    }

    /** The download addresses in the frame log, oldest first (the log shows the newest first). */
    private static List<String> downloadUrls(String log) {
        List<String> found = new ArrayList<>();
        Matcher matcher = DOWNLOAD_URL.matcher(log);
        while (matcher.find()) {
            found.add(0, matcher.group(1));
        }
        return found;
    }

    private static Path file(String name, byte[] bytes) throws IOException {
        Path folder = Files.createDirectories(Path.of("target", "browser-uploads", UUID.randomUUID().toString()));
        return Files.write(folder.resolve(name), bytes);
    }

    private Browser open(String name) {
        return open(name, false);
    }

    private Browser open(String name, boolean socketControl) {
        Browser browser = load(name, socketControl, "");
        browser.join();
        return browser;
    }

    /** A 32x32 PNG in two colours, as a profile picture. */
    private static byte[] squarePng() throws IOException {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        var graphics = image.createGraphics();
        graphics.setColor(new Color(0x4f46e5));
        graphics.fillRect(0, 0, 32, 32);
        graphics.setColor(Color.ORANGE);
        graphics.fillOval(8, 8, 16, 16);
        graphics.dispose();
        var bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }

    /** A browser with the page loaded, with `query` after its address, not yet joined. */
    private Browser load(String name, boolean socketControl, String query) {
        Browser browser = new Browser(name);
        browsers.add(browser);
        browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", CSP_WATCH));
        if (socketControl) {
            browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", SOCKET_CONTROL));
        }
        browser.driver.get(base + query);
        return browser;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    /** One person in their own headless Chromium, and what they can see and do on the page. */
    private static final class Browser implements AutoCloseable {

        final String name;
        final ChromeDriver driver;
        private final Path profile;
        private final WebDriverWait wait;

        Browser(String name) {
            this.name = name;
            try {
                profile = Files.createTempDirectory("relay-chromium-");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            ChromeOptions options = new ChromeOptions()
                    .setBinary(ChromiumCondition.BINARY)
                    .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--no-first-run", "--disable-quic", "--window-size=1280,800",
                            "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(ChromiumCondition.DRIVER))
                    .usingAnyFreePort()
                    .build();
            driver = new ChromeDriver(service, options);
            // Selenium's default of half a second between checks would add up over every wait.
            wait = new WebDriverWait(driver, TIMEOUT, Duration.ofMillis(50));
        }

        void join() {
            submitName();
            waitForState("online");
            waitUntil("the default room", d -> !roomNames().isEmpty());
        }

        void submitName() {
            WebElement connect = driver.findElement(testId("connect-button"));
            waitUntil("the page script is ready", d -> connect.isEnabled());
            WebElement input = driver.findElement(testId("name-input"));
            input.clear();
            input.sendKeys(name);
            connect.click();
        }

        void joinRoom(String room) {
            driver.findElement(testId("room-input")).sendKeys(room);
            driver.findElement(testId("room-join-button")).click();
            waitUntil("in room " + room, d -> ("# " + room).equals(text("conversation-title")));
        }

        void type(String text) {
            driver.findElement(testId("message-input")).sendKeys(text);
        }

        void press(CharSequence keys) {
            driver.findElement(testId("message-input")).sendKeys(keys);
        }

        void send(String text) {
            type(text);
            press(Keys.ENTER);
        }

        String state() {
            return driver.findElement(testId("connection-state")).getDomAttribute("data-state");
        }

        /** Picks files with the attach button's file input, as the file chooser would. */
        void attach(Path... files) {
            String paths = String.join("\n", Arrays.stream(files).map(f -> f.toAbsolutePath().toString()).toList());
            driver.findElement(testId("file-input")).sendKeys(paths);
        }

        long pendingFiles(String state) {
            return driver.findElements(testId("pending-file")).stream()
                    .filter(f -> state.equals(f.getDomAttribute("data-state"))).count();
        }

        /** The download chip of a file in the conversation, or null. */
        WebElement chip(String name) {
            return driver.findElements(testId("attachment-file")).stream()
                    .filter(c -> name.equals(textOf(c, "attachment-name"))).findFirst().orElse(null);
        }

        /** An image shown decoded (naturalWidth > 0) and a file's chip with its name and size. */
        void waitForAttachments(String image, String file, String size) {
            waitUntil(image + " shown", d -> driver.findElements(testId("attachment-image")).stream().anyMatch(i ->
                    image.equals(i.getDomAttribute("alt"))
                            && ((Number) driver.executeScript("return arguments[0].naturalWidth", i)).intValue() > 0));
            waitUntil(file + " as a chip", d -> chip(file) != null && size.equals(textOf(chip(file), "attachment-size")));
        }

        void waitForState(String state) {
            waitUntil("connection " + state, d -> state.equals(state()));
        }

        void waitForMembers(String... names) {
            waitUntil("members " + List.of(names), d -> List.of(names).equals(memberNames()));
        }

        void waitForMessage(String sender, String text) {
            waitUntil(sender + " said " + text, d -> messages().stream().anyMatch(m ->
                    text.equals(textOf(m, "message-text")) && sender.equals(textOf(m, "message-sender"))));
        }

        void waitForOwnMessage(String text, String status) {
            waitUntil("own message " + text + " " + status, d -> messages().stream().anyMatch(m ->
                    "true".equals(m.getDomAttribute("data-mine")) && text.equals(textOf(m, "message-text"))
                            && status.equals(m.getDomAttribute("data-status"))));
        }

        void waitForText(String testId, String expected) {
            waitUntil(testId + " shows " + expected, d -> expected.equals(text(testId)));
        }

        void waitUntil(String what, ExpectedCondition<Boolean> condition) {
            wait.withMessage(() -> name + ": " + what).until(condition);
        }

        List<WebElement> messages() {
            return driver.findElements(testId("message"));
        }

        WebElement messageWithText(String text) {
            return messages().stream().filter(m -> text.equals(textOf(m, "message-text"))).findFirst()
                    .orElseThrow(() -> new AssertionError(name + ": no message " + text));
        }

        WebElement ownMessage(String text) {
            WebElement message = messageWithText(text);
            assertEquals("true", message.getDomAttribute("data-mine"), text);
            return message;
        }

        List<String> messageTexts() {
            return messages().stream().map(m -> textOf(m, "message-text")).toList();
        }

        List<String> memberNames() {
            return driver.findElements(testId("member")).stream().map(m -> m.getDomAttribute("data-user")).toList();
        }

        WebElement member(String user) {
            return driver.findElements(testId("member")).stream().filter(m -> user.equals(m.getDomAttribute("data-user")))
                    .findFirst().orElseThrow(() -> new NoSuchElementException(name + ": no member " + user));
        }

        /** Within `container`, an avatar picture the browser decoded (naturalWidth > 0). */
        boolean pictureShown(WebElement container) {
            return container.findElements(testId("avatar-image")).stream()
                    .anyMatch(i -> ((Number) driver.executeScript("return arguments[0].naturalWidth", i)).intValue() > 0);
        }

        WebElement openProfile() {
            driver.findElement(testId("profile-button")).click();
            WebElement dialog = driver.findElement(testId("profile-dialog"));
            waitUntil("the profile dialog open", d -> dialog.isDisplayed());
            return dialog;
        }

        List<String> roomNames() {
            return driver.findElements(testId("room-item")).stream().map(r -> r.getDomAttribute("data-room")).toList();
        }

        String text(String testId) {
            return driver.findElement(ChatPageIT.testId(testId)).getDomProperty("textContent");
        }

        String logText() {
            return text("log");
        }

        void script(String script) {
            driver.executeScript(script);
        }

        void screenshot(String file) throws IOException {
            Files.createDirectories(SCREENSHOTS);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(file + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }

        private static String textOf(WebElement message, String testId) {
            return message.findElement(ChatPageIT.testId(testId)).getDomProperty("textContent");
        }

        @Override
        public void close() {
            driver.quit();
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                // A leftover temporary profile is harmless.
            }
        }
    }
}
