package org.careplanfhir.server.apps;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import io.restassured.path.json.JsonPath;
import org.careplanfhir.bench.population.PopulationGenerator;
import org.careplanfhir.server.AdminApi;
import org.careplanfhir.server.FhirServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The care-plan app in a real headless Chromium, signing in through the server's real sign-in and
 * consent pages: a case manager sees the caseload (overdue goals and waiting referrals
 * highlighted, as {@code $caseload} says), opens a person and sees the plan, goals with their
 * progress, care team, referrals with their timeline and conditions; a patient sees only their own
 * plan, in plain words; a withheld scope is named, not shown as empty; an EHR launch opens the
 * EHR's patient. The landing page's links all answer and it passes basic accessibility checks.
 * Screenshots: {@code target/browser-screenshots}.
 */
class CarePlanAppBrowserIntegrationTests extends FhirServerTest {

	private static final long SEED = 2929;

	private static final String PASSWORD = "browser-horse-battery";

	private static final FhirContext R4 = FhirContext.forR4Cached();

	private static Map<String, Resource> stored;

	private static String manager, patient, goal, task, family;

	/** How many versions of the goal record an achievement: the chart's points. */
	private static int goalProgressPoints;

	@BeforeEach
	void storeACaseloadOnce() {
		if (stored != null) {
			return;
		}
		PopulationGenerator generator = new PopulationGenerator(SEED, 1, 0, 0);
		Map<String, Resource> records = new LinkedHashMap<>();
		post(generator.shared(), records);
		for (int index = 1; index <= 16; index++) {
			post(generator.patient(index), records);
		}
		stored = records;
		EpisodeOfCare chosen = records.values().stream().filter(EpisodeOfCare.class::isInstance)
			.map(EpisodeOfCare.class::cast)
			.filter(episode -> episode.getStatus() == EpisodeOfCare.EpisodeOfCareStatus.ACTIVE)
			.findFirst().orElseThrow();
		manager = chosen.getCareManager().getReferenceElement().getIdPart();
		patient = chosen.getPatient().getReferenceElement().getIdPart();
		family = ((org.hl7.fhir.r4.model.Patient) records.get("Patient/" + patient)).getNameFirstRep().getFamily();
		// A goal whose progress changes twice, for the chart: three versions.
		Goal first = records.values().stream().filter(Goal.class::isInstance).map(Goal.class::cast)
			.filter(g -> g.getSubject().getReference().equals("Patient/" + patient)).findFirst().orElseThrow();
		goal = first.getIdElement().getIdPart();
		goalProgressPoints = (first.hasAchievementStatus() ? 1 : 0) + 2;
		for (String achievement : List.of("worsening", "improving")) {
			Goal next = first.copy();
			next.setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE);
			next.setAchievementStatus(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
					"http://terminology.hl7.org/CodeSystem/goal-achievement", achievement, null)));
			put(next);
		}
		// A new referral the provider receives, accepts and starts: a timeline of three.
		ServiceRequest referral = records.values().stream().filter(ServiceRequest.class::isInstance)
			.map(ServiceRequest.class::cast).filter(r -> r.getSubject().getReference().equals("Patient/" + patient))
			.findFirst().orElseThrow().copy();
		referral.setId(referral.getIdElement().getIdPart() + "-b");
		referral.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
		put(referral);
		Task tracking = records.values().stream().filter(Task.class::isInstance).map(Task.class::cast)
			.filter(t -> t.getFor().getReference().equals("Patient/" + patient)).findFirst().orElseThrow().copy();
		task = tracking.getIdElement().getIdPart() + "-b";
		tracking.setId(task);
		tracking.getFocus().setReference("ServiceRequest/" + referral.getIdElement().getIdPart());
		for (Task.TaskStatus status : List.of(Task.TaskStatus.REQUESTED, Task.TaskStatus.ACCEPTED, Task.TaskStatus.INPROGRESS)) {
			put(tracking.setStatus(status));
		}
	}

	/**
	 * A new account for the case manager: the authorization server remembers what an account
	 * consented to and does not ask again, and each test goes through the consent page.
	 */
	private static String newManagerAccount() {
		return account(unique("browser-cm"), "Practitioner/" + manager);
	}

	@Test
	void aCaseManagerSeesTheCaseloadThenOnePersonsPlanGoalsTeamAndReferrals() throws IOException {
		JsonPath caseload = fhir().get("/Practitioner/" + manager + "/$caseload").then().statusCode(200).extract().jsonPath();
		List<Map<String, Object>> cases = casesOf(caseload);
		try (Browser browser = new Browser()) {
			browser.driver.get(base() + "/apps/careplan/");
			browser.signIn(newManagerAccount(), PASSWORD);
			long allowed = allow(browser);
			WebElement table = browser.waitFor(By.cssSelector("table[data-testid=caseload] tbody"));
			long shown = System.nanoTime();
			record("caseload shown after consent: " + (shown - allowed) / 1_000_000 + " ms; app's own mark: "
					+ ((JavascriptExecutor) browser.driver).executeScript(
							"return Math.round(performance.getEntriesByName('caseload-shown')[0].startTime)") + " ms from page start");
			browser.screenshot("case-manager-caseload");
			assertThat(table.findElements(By.tagName("tr"))).hasSize(cases.size());
			assertThat(table.findElements(By.cssSelector("td.overdue"))).hasSize(
					(int) cases.stream().filter(c -> ((Integer) c.get("overdueGoals")) > 0).count());
			assertThat(table.findElements(By.cssSelector("td.awaiting"))).hasSize(
					(int) cases.stream().filter(c -> ((Integer) c.get("referralsAwaiting")) > 0).count());
			assertThat(browser.driver.findElement(By.cssSelector("[data-testid=user]")).getText()).isNotBlank();

			browser.driver.findElement(By.cssSelector("tr[data-episode^='EpisodeOfCare/'] a[href*='/person/" + patient + "/']"))
				.click();
			browser.waitFor(By.cssSelector("[data-testid=conditions]"));
			browser.waitFor(By.cssSelector("li[data-task='" + task + "'] ol.timeline"));
			browser.screenshot("case-manager-person");
			assertThat(browser.driver.findElement(By.id("person-title")).getText()).contains(family);
			WebElement plans = browser.driver.findElement(By.cssSelector("[data-testid=plans]"));
			assertThat(plans.getText()).contains("Nurse case management");
			WebElement progress = plans.findElement(By.cssSelector("li[data-goal='" + goal + "'] svg.chart"));
			assertThat(progress.getAttribute("data-points")).isEqualTo(String.valueOf(goalProgressPoints));
			assertThat(progress.getAttribute("aria-label")).contains("worsening", "improving");
			assertThat(browser.driver.findElements(By.cssSelector("li[data-task='" + task + "'] ol.timeline li")))
				.extracting(WebElement::getText)
				.satisfiesExactly(first -> assertThat(first).endsWith("requested"), second -> assertThat(second).endsWith("accepted"),
						third -> assertThat(third).endsWith("in-progress"));
			assertThat(browser.driver.findElement(By.cssSelector("[data-testid=conditions]")).getText())
				.contains("Diabetes mellitus type 2");
			assertThat(browser.driver.findElement(By.cssSelector("[data-testid=team]")).getText())
				.contains(nameOf("Practitioner/" + manager));
			assertThat(browser.driver.findElements(By.cssSelector("[data-withheld]"))).isEmpty();
		}
	}

	@Test
	void aPatientSeesOnlyTheirOwnPlanInPlainWords() {
		try (Browser browser = new Browser()) {
			browser.driver.get(base() + "/apps/careplan/");
			browser.signIn(account(unique("browser-pat"), "Patient/" + patient), PASSWORD);
			allow(browser);
			browser.waitFor(By.cssSelector("[data-testid=conditions]"));
			browser.screenshot("patient-own-plan");
			assertThat(browser.driver.findElement(By.id("person-title")).getText()).isEqualTo("Your care plan");
			String page = browser.driver.findElement(By.tagName("main")).getText();
			assertThat(page).contains("You are working towards", "The people helping you", "Services arranged for you");
			Set<String> ownGoals = idsOf(Goal.class, "Patient/" + patient);
			assertThat(attributes(browser, "li[data-goal]", "data-goal")).isNotEmpty().isSubsetOf(ownGoals);
			assertThat(attributes(browser, "[data-plan]", "data-plan")).isNotEmpty()
				.allSatisfy(plan -> assertThat(plan).endsWith("-plan-" + patient.substring(patient.lastIndexOf('-') + 1)));
			assertThat(browser.driver.findElements(By.cssSelector("table[data-testid=caseload]"))).isEmpty();
		}
	}

	@Test
	void aScopeWithheldOnTheConsentPageIsNamedInsteadOfShownEmpty() {
		try (Browser browser = new Browser()) {
			browser.driver.get(base() + "/apps/careplan/");
			browser.signIn(newManagerAccount(), PASSWORD);
			browser.waitFor(By.cssSelector("input[type=checkbox][value='user/Goal.rs']")).click();
			allow(browser);
			WebElement notice = browser.waitFor(By.cssSelector("[data-testid=withheld]"));
			browser.waitFor(By.cssSelector("table[data-testid=caseload] tbody"));
			browser.screenshot("withheld-goals-caseload");
			assertThat(notice.getText()).contains("goals");
			assertThat(browser.driver.findElement(By.cssSelector("[data-testid=caseload-withheld]")).getText()).contains("goals");
			assertThat(browser.driver.findElements(By.cssSelector("td[data-testid=overdue]"))).isNotEmpty()
				.allSatisfy(cell -> assertThat(cell.getText()).isEqualTo("not shown"));
			browser.driver.findElement(By.cssSelector("a[href*='/person/" + patient + "/']")).click();
			WebElement goals = browser.waitFor(By.cssSelector("[data-withheld=Goal]"));
			browser.screenshot("withheld-goals-person");
			assertThat(goals.getText()).isEqualTo("Not shown: this app was not allowed to read goals.");
			assertThat(browser.driver.findElements(By.cssSelector("li[data-goal]"))).isEmpty();
		}
	}

	@Test
	void anEhrLaunchOpensThePatientTheEhrChose() {
		String launch = AdminApi.admin()
			.formParam("patient", "Patient/" + patient)
			.post("/smart/launch").then().statusCode(201).extract().path("launch");
		try (Browser browser = new Browser()) {
			browser.driver.get(base() + "/apps/careplan/launch.html?iss=" + base() + "/fhir&launch=" + launch);
			browser.signIn(newManagerAccount(), PASSWORD);
			allow(browser);
			browser.waitFor(By.cssSelector("[data-testid=conditions]"));
			browser.screenshot("ehr-launch-person");
			assertThat(browser.driver.findElement(By.id("person-title")).getText()).contains(family);
		}
	}

	@Test
	void theLandingPageLinksAnswerAndItsPagesPassBasicAccessibilityChecks() throws Exception {
		try (Browser browser = new Browser()) {
			for (String page : List.of("/", "/profiles")) {
				browser.driver.get(base() + page);
				browser.waitFor(By.tagName("h1"));
				browser.screenshot(page.equals("/") ? "landing-page" : "profiles-page");
				assertThat(browser.driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
				assertThat(browser.driver.findElements(By.tagName("h1"))).hasSize(1);
				assertHeadingsDoNotSkipLevels(browser);
				assertThat(browser.driver.findElements(By.tagName("img"))).isNotEmpty()
					.allSatisfy(image -> assertThat(image.getAttribute("alt")).isNotBlank());
				assertThat(browser.driver.findElements(By.tagName("a")))
					.allSatisfy(link -> assertThat(link.getAttribute("textContent").strip()).as(link.getAttribute("href")).isNotEmpty());
				assertTextContrastAtLeast(browser, 4.5);
				// The first Tab lands on the skip link, which then shows itself.
				browser.driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
				WebElement focused = browser.driver.switchTo().activeElement();
				assertThat(focused.getAttribute("class")).isEqualTo("skip");
				assertThat(focused.getRect().getX()).isGreaterThanOrEqualTo(0);
				for (String address : linksOf(browser)) {
					if (address.contains("#")) {
						String fragment = address.substring(address.indexOf('#') + 1);
						assertThat(browser.driver.findElements(By.id(fragment))).as("anchor " + address).isNotEmpty();
						continue;
					}
					HttpResponse<String> answer = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
						.connectTimeout(Duration.ofSeconds(5)).build()
						.send(HttpRequest.newBuilder(URI.create(address)).GET().build(), HttpResponse.BodyHandlers.ofString());
					assertThat(answer.statusCode()).as(address).isEqualTo(200);
				}
			}
			browser.driver.get(base() + "/");
			assertThat(browser.driver.findElement(By.tagName("main")).getText()).contains(base() + "/fhir",
					base() + "/oauth2/authorize", base() + "/oauth2/token");
			browser.driver.get(base() + "/fhir/swagger-ui/");
			browser.waitUntil(driver -> !driver.findElements(By.cssSelector("#swagger-ui .info .title")).isEmpty());
			browser.screenshot("swagger-ui");
			assertThat(browser.driver.findElement(By.cssSelector("#swagger-ui")).getText()).contains("System Level Operations");
		}
	}

	// Helpers.

	private static long allow(Browser browser) {
		WebElement allow = browser.waitFor(By.cssSelector("button[name=decision][value=allow]"));
		long at = System.nanoTime();
		allow.click();
		return at;
	}

	private String base() {
		return "http://localhost:" + port;
	}

	private static void record(String line) throws IOException {
		System.out.println("[browser] " + line);
		Files.createDirectories(Browser.SCREENSHOTS);
		Files.writeString(Browser.SCREENSHOTS.resolve("timings.txt"), line + System.lineSeparator(), StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
	}

	private static List<String> linksOf(Browser browser) {
		Set<String> links = new LinkedHashSet<>();
		browser.driver.findElements(By.cssSelector("a[href]")).forEach(link -> links.add(link.getAttribute("href")));
		browser.driver.findElements(By.cssSelector("link[href], img[src]"))
			.forEach(item -> links.add(item.getAttribute(item.getTagName().equals("img") ? "src" : "href")));
		return new ArrayList<>(links);
	}

	private static void assertHeadingsDoNotSkipLevels(Browser browser) {
		int previous = 0;
		for (WebElement heading : browser.driver.findElements(By.cssSelector("h1, h2, h3, h4, h5, h6"))) {
			int level = Integer.parseInt(heading.getTagName().substring(1));
			assertThat(level).as("heading '" + heading.getText() + "' after h" + previous).isLessThanOrEqualTo(previous + 1);
			previous = level;
		}
	}

	/** WCAG's contrast ratio of every visible text element's colour against the background behind it. */
	private static void assertTextContrastAtLeast(Browser browser, double minimum) {
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> worst = (List<Map<String, Object>>) ((JavascriptExecutor) browser.driver).executeScript("""
				const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
				const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
					return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
				const background = (el) => { for (let e = el; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
					const v = rgb(c); if (v.length < 4 || v[3] > 0) return v; } return [255, 255, 255]; };
				const out = [];
				for (const el of document.querySelectorAll('p, a, li, dt, dd, h1, h2, h3, td, th, code, span')) {
					if (!el.offsetParent || !el.textContent.trim()) continue;
					const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
					const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
					out.push({ text: el.textContent.trim().slice(0, 40), ratio });
				}
				return out.sort((x, y) => x.ratio - y.ratio).slice(0, 3);""");
		assertThat(worst).isNotEmpty().allSatisfy(item -> assertThat(((Number) item.get("ratio")).doubleValue())
			.as("contrast of '" + item.get("text") + "'").isGreaterThanOrEqualTo(minimum));
	}

	private static Set<String> attributes(Browser browser, String css, String attribute) {
		Set<String> values = new LinkedHashSet<>();
		browser.driver.findElements(By.cssSelector(css)).forEach(element -> values.add(element.getAttribute(attribute)));
		return values;
	}

	private static Set<String> idsOf(Class<? extends Resource> type, String subject) {
		Set<String> ids = new LinkedHashSet<>();
		stored.values().stream().filter(type::isInstance).map(Goal.class::cast)
			.filter(goal -> goal.getSubject().getReference().equals(subject))
			.forEach(goal -> ids.add(goal.getIdElement().getIdPart()));
		return ids;
	}

	private static String nameOf(String reference) {
		org.hl7.fhir.r4.model.Practitioner practitioner = (org.hl7.fhir.r4.model.Practitioner) stored.get(reference);
		return practitioner.getNameFirstRep().getGivenAsSingleString() + " " + practitioner.getNameFirstRep().getFamily();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> casesOf(JsonPath caseload) {
		List<Map<String, Object>> cases = new ArrayList<>();
		for (Map<String, Object> parameter : caseload.<Map<String, Object>>getList("entry[0].resource.parameter")) {
			if ("case".equals(parameter.get("name"))) {
				Map<String, Object> values = new LinkedHashMap<>();
				for (Map<String, Object> part : (List<Map<String, Object>>) parameter.get("part")) {
					part.forEach((key, value) -> {
						if (key.startsWith("value")) {
							values.putIfAbsent((String) part.get("name"), value);
						}
					});
				}
				cases.add(values);
			}
		}
		return cases;
	}

	private static void post(Bundle transaction, Map<String, Resource> records) {
		fhir().body(R4.newJsonParser().encodeResourceToString(transaction)).post("/").then().statusCode(200);
		transaction.getEntry().forEach(entry -> records.put(
				entry.getResource().fhirType() + "/" + entry.getResource().getIdElement().getIdPart(), entry.getResource()));
	}

	private static void put(Resource resource) {
		fhir().body(R4.newJsonParser().encodeResourceToString(resource))
			.put("/" + resource.fhirType() + "/" + resource.getIdElement().getIdPart())
			.then().statusCode(org.hamcrest.Matchers.either(org.hamcrest.Matchers.is(200)).or(org.hamcrest.Matchers.is(201)));
	}

	private static String account(String username, String fhirUser) {
		AdminApi.admin()
			.contentType("application/json")
			.body(Map.of("password", PASSWORD, "fhirUser", fhirUser, "admin", false))
			.put("/admin/users/" + username)
			.then()
			.statusCode(200);
		return username;
	}

}
