package org.careplanfhir.server.search;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Every date prefix with every precision of the search value, on each kind of element a date
 * parameter indexes, against stored values whose right answer this test works out for itself from
 * the FHIR search rules: the search value is the whole period its precision names (the year 2020,
 * the month 2020-02, ...), the target is the instant, day or period it holds. Stored times are at
 * noon UTC, far enough from every boundary that the server's reading of a date without a time zone
 * (it could be any zone) cannot change the answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DateSearchIntegrationTests extends FhirServerTest {

	private static final List<String> PREFIXES = List.of("eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap");

	/** One search value per precision: year, month, day, and a dateTime to the second. */
	private static final List<String> VALUES = List.of("2020", "2020-02", "2020-02-15", "2020-02-15T12:00:00Z");

	private static final List<String> POINTS = List.of("2019-06-15", "2020-01-15", "2020-02-10", "2020-02-15", "2020-02-20",
			"2020-03-15", "2021-03-15");

	/** Periods before, straddling the start of, inside, straddling the end of, around, and after the values' periods; one open. */
	private static final List<String[]> PERIODS = List.of(new String[] { "2019-06-15", "2019-08-15" },
			new String[] { "2019-12-15", "2020-02-10" }, new String[] { "2020-02-05", "2020-02-25" },
			new String[] { "2020-02-20", "2020-04-15" }, new String[] { "2020-11-15", "2021-02-15" },
			new String[] { "2019-06-01", "2021-06-01" }, new String[] { "2020-06-15", null },
			new String[] { "2021-03-01", "2021-04-01" });

	/** A stored value's extent: first and last millisecond. */
	private record Range(long low, long high) {
	}

	private record Kind(String name, String search, List<Range> stored) {
	}

	private final List<Kind> kinds = new ArrayList<>();

	@BeforeAll
	void storeValues() {
		pointRestAssuredAtServer();
		String family = unique("Dates");
		List<Range> days = new ArrayList<>();
		for (String day : POINTS) {
			create("Patient", """
					{"resourceType":"Patient","name":[{"family":"%s"}],"birthDate":"%s"}""".formatted(family, day));
			LocalDate date = LocalDate.parse(day);
			days.add(new Range(millis(date), millis(date.plusDays(1)) - 1));
		}
		kinds.add(new Kind("date (Patient.birthDate)", "/Patient?family:exact=" + family + "&birthdate=", days));
		kinds.add(pointsAt("dateTime (Observation.effectiveDateTime)", "effectiveDateTime"));
		kinds.add(pointsAt("instant (Observation.effectiveInstant)", "effectiveInstant"));
		String subject = create("Patient", """
				{"resourceType":"Patient","name":[{"family":"%s"}]}""".formatted(unique("Periods")));
		List<Range> periods = new ArrayList<>();
		for (String[] period : PERIODS) {
			String end = period[1] == null ? "" : ",\"end\":\"" + period[1] + "T12:00:00Z\"";
			observation(subject, "\"effectivePeriod\":{\"start\":\"" + period[0] + "T12:00:00Z\"" + end + "}");
			periods.add(new Range(noon(period[0]), period[1] == null ? Long.MAX_VALUE : noon(period[1]) + 999));
		}
		kinds.add(new Kind("Period (Observation.effectivePeriod)", "/Observation?subject=Patient/" + subject + "&date=", periods));
	}

	private Kind pointsAt(String name, String element) {
		String subject = create("Patient", """
				{"resourceType":"Patient","name":[{"family":"%s"}]}""".formatted(unique("Points")));
		List<Range> stored = new ArrayList<>();
		for (String day : POINTS) {
			observation(subject, "\"" + element + "\":\"" + day + "T12:00:00Z\"");
			stored.add(new Range(noon(day), noon(day) + 999));
		}
		return new Kind(name, "/Observation?subject=Patient/" + subject + "&date=", stored);
	}

	private static void observation(String subject, String effective) {
		create("Observation", """
				{"resourceType":"Observation","status":"final","code":{"text":"weight"},
				 "subject":{"reference":"Patient/%s"},%s}""".formatted(subject, effective));
	}

	@TestFactory
	Stream<DynamicTest> everyPrefixAndPrecisionCountsWhatTheSearchRulesSay() {
		List<DynamicTest> tests = new ArrayList<>();
		for (Kind kind : kinds) {
			for (String value : VALUES) {
				for (String prefix : PREFIXES) {
					long expected = kind.stored().stream().filter(stored -> matches(prefix, value, stored)).count();
					tests.add(DynamicTest.dynamicTest(kind.name() + " " + prefix + value + " → " + expected,
							() -> fhir().get(kind.search() + prefix + value + "&_summary=count").then().statusCode(200)
								.body("total", equalTo((int) expected))));
				}
			}
		}
		return tests.stream();
	}

	/**
	 * The FHIR search rules, with the server's documented reading of {@code ge} and {@code le} on a
	 * target that is itself a range: it matches when the range reaches the value's period at all
	 * (for a single instant or day this is exactly the rules' wording).
	 */
	private static boolean matches(String prefix, String value, Range target) {
		Range searched = periodOf(value);
		return switch (prefix) {
			case "eq" -> target.low() >= searched.low() && target.high() <= searched.high();
			case "ne" -> !(target.low() >= searched.low() && target.high() <= searched.high());
			case "gt" -> target.high() > searched.high();
			case "lt" -> target.low() < searched.low();
			case "ge" -> target.high() >= searched.low();
			case "le" -> target.low() <= searched.high();
			case "sa" -> target.low() > searched.high();
			case "eb" -> target.high() < searched.low();
			case "ap" -> {
				// A tenth of the distance from now to the value, on both sides of its period.
				long margin = (long) (Math.abs(System.currentTimeMillis() - searched.low()) * 0.1);
				yield target.high() >= searched.low() - margin && target.low() <= searched.high() + margin;
			}
			default -> throw new IllegalArgumentException(prefix);
		};
	}

	private static Range periodOf(String value) {
		if (value.contains("T")) {
			long at = Instant.parse(value).toEpochMilli();
			return new Range(at, at + 999);
		}
		if (value.length() == 4) {
			LocalDate first = LocalDate.of(Integer.parseInt(value), 1, 1);
			return new Range(millis(first), millis(first.plusYears(1)) - 1);
		}
		if (value.length() == 7) {
			YearMonth month = YearMonth.parse(value);
			return new Range(millis(month.atDay(1)), millis(month.plusMonths(1).atDay(1)) - 1);
		}
		LocalDate day = LocalDate.parse(value);
		return new Range(millis(day), millis(day.plusDays(1)) - 1);
	}

	private static long millis(LocalDate date) {
		return date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
	}

	private static long noon(String day) {
		return millis(LocalDate.parse(day)) + 12 * 3600_000L;
	}

	@Test
	void aYearWithGeOrLeTakesTheWholeYearAsTheFhirSearchRulesSay() {
		Kind dateTimes = kinds.get(1);
		// Before the fix ge2020 acted as "on or after 31 December 2020" and le2020 as "on or before 1 January 2020".
		fhir().get(dateTimes.search() + "ge2020&_summary=count").then().body("total", equalTo(6));
		fhir().get(dateTimes.search() + "le2020&_summary=count").then().body("total", equalTo(6));
		fhir().get(dateTimes.search() + "ge2020-02&_summary=count").then().body("total", equalTo(5));
		fhir().get(dateTimes.search() + "le2020-02&_summary=count").then().body("total", equalTo(5));
	}

	@Test
	void anApproximateDateThatIsNotADateIsABadRequestNamingTheParameter() {
		fhir().get(kinds.get(1).search() + "apyesterday").then().statusCode(400)
			.body("issue[0].diagnostics", containsString("'date'"));
	}

}
