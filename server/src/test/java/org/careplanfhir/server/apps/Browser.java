package org.careplanfhir.server.apps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's headless Chromium, driven through the system's ChromeDriver (Debian's
 * {@code chromium} and {@code chromium-driver}), with a fresh profile each time: nothing carried
 * over between sign-ins. Screenshots go to {@code target/browser-screenshots}.
 */
final class Browser implements AutoCloseable {

	static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");

	private static final String CHROMIUM = System.getProperty("careplan.test.chromium", "/usr/bin/chromium");

	private static final String CHROMEDRIVER = System.getProperty("careplan.test.chromedriver", "/usr/bin/chromedriver");

	final WebDriver driver;

	private final Path profile;

	Browser() {
		if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
			throw new IllegalStateException("The browser tests need Chromium and ChromeDriver at " + CHROMIUM + " and "
					+ CHROMEDRIVER + " (Debian: apt-get install chromium chromium-driver; .ci/run installs them)");
		}
		try {
			profile = Files.createTempDirectory("careplan-chromium");
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		// As root in a container there is no sandbox to use; the closed network refuses Chromium's own calls home.
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
				"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--window-size=1280,900", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
			.usingAnyFreePort()
			.build();
		driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
	}

	WebElement waitFor(By by) {
		return new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(by));
	}

	void waitUntil(java.util.function.Function<WebDriver, Boolean> condition) {
		new WebDriverWait(driver, Duration.ofSeconds(20)).until(condition::apply);
	}

	/** Saves what the browser shows now as {@code target/browser-screenshots/<name>.png}. */
	Path screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			Path file = SCREENSHOTS.resolve(name + ".png");
			Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), file,
					StandardCopyOption.REPLACE_EXISTING);
			return file;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Signs in on the server's sign-in page, which the app sent the browser to. */
	void signIn(String username, String password) {
		waitFor(By.name("username")).sendKeys(username);
		driver.findElement(By.name("password")).sendKeys(password);
		driver.findElement(By.cssSelector("button[type=submit], input[type=submit]")).click();
	}

	@Override
	public void close() {
		try {
			driver.quit();
		}
		finally {
			try (var files = Files.walk(profile)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
			}
			catch (IOException ignored) {
				// A temporary folder left behind is harmless.
			}
		}
	}

}
