package org.careplanfhir.server.utilization;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.regex.Pattern;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

/**
 * One {@code $evaluate-measure} as asked, checked: a period of whole days, the kind of report, for
 * whom, and by whom. Every problem is a 400 that names the parameter.
 *
 * @param measureUrl the evaluated Measure's canonical URL
 * @param start the first day counted
 * @param end the last day counted
 * @param subject {@code Patient/[id]} or {@code Group/[id]}, or null for everyone the caller may count
 * @param reporter who reports ({@code Organization/[id]}, ...), or null
 * @param payer the payer whose members are counted (a payer-bound caller's), or null
 */
record Evaluation(String measureUrl, LocalDate start, LocalDate end, ReportType reportType, String subject,
		String reporter, String payer) {

	private static final Pattern REFERENCE = Pattern.compile("(Patient|Group)/[A-Za-z0-9\\-.]{1,64}");

	private static final Pattern REPORTER = Pattern.compile("(Organization|Practitioner|PractitionerRole|Location)/[A-Za-z0-9\\-.]{1,64}");

	/** The R4 {@code reportType} values, and the MeasureReport type each makes. */
	enum ReportType {

		POPULATION, SUBJECT_LIST, SUBJECT;

		static ReportType parse(String value, String subject) {
			if (value == null) {
				return subject != null && subject.startsWith("Patient/") ? SUBJECT : POPULATION;
			}
			return switch (value) {
				case "population" -> POPULATION;
				case "subject-list" -> SUBJECT_LIST;
				case "subject" -> SUBJECT;
				default -> throw new InvalidRequestException("Parameter 'reportType': one of population, subject-list,"
						+ " subject (was '" + value + "')");
			};
		}

	}

	static Evaluation of(String measureUrl, String periodStart, String periodEnd, String reportType, String subject,
			String reporter, String payer) {
		if (periodStart == null || periodEnd == null) {
			throw new InvalidRequestException("Parameters 'periodStart' and 'periodEnd' are required: the first and the last"
					+ " day of the measurement period (YYYY, YYYY-MM or YYYY-MM-DD)");
		}
		LocalDate start = day(periodStart, "periodStart", true);
		LocalDate end = day(periodEnd, "periodEnd", false);
		if (end.isBefore(start)) {
			throw new InvalidRequestException("Parameter 'periodEnd' (" + periodEnd + ") is before 'periodStart' ("
					+ periodStart + ")");
		}
		if (subject != null && !REFERENCE.matcher(subject).matches()) {
			throw new InvalidRequestException("Parameter 'subject': a reference to a Patient or a Group, Patient/[id] or"
					+ " Group/[id] (was '" + subject + "')");
		}
		ReportType type = ReportType.parse(reportType, subject);
		if (type == ReportType.SUBJECT && (subject == null || !subject.startsWith("Patient/"))) {
			throw new InvalidRequestException("Parameter 'reportType' subject needs 'subject' naming one Patient");
		}
		if (reporter != null && !REPORTER.matcher(reporter).matches()) {
			throw new InvalidRequestException("Parameter 'reporter': a reference to an Organization, Practitioner,"
					+ " PractitionerRole or Location, e.g. Organization/[id] (was '" + reporter + "')");
		}
		return new Evaluation(measureUrl, start, end, type, subject, reporter, payer);
	}

	/** A date of year, month or day precision; a start is its first day, an end its last. */
	private static LocalDate day(String value, String parameter, boolean first) {
		String date = value.trim();
		try {
			if (date.matches("\\d{4}")) {
				int year = Integer.parseInt(date);
				return first ? LocalDate.of(year, 1, 1) : LocalDate.of(year, 12, 31);
			}
			if (date.matches("\\d{4}-\\d{2}")) {
				YearMonth month = YearMonth.parse(date);
				return first ? month.atDay(1) : month.atEndOfMonth();
			}
			if (date.matches("\\d{4}-\\d{2}-\\d{2}(T.*)?")) {
				return LocalDate.parse(date.substring(0, 10));
			}
		}
		catch (java.time.DateTimeException invalid) {
			// reported below
		}
		throw new InvalidRequestException("Parameter '" + parameter + "': a date, YYYY, YYYY-MM or YYYY-MM-DD (was '"
				+ value + "')");
	}

}
