package org.careplanfhir.server.caseload;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Parameters;

/**
 * What a {@code $caseload} call asks: whose caseload, narrowed how.
 *
 * @param practitioner the practitioner's id (no type)
 * @param specialty a case-management specialty code, or null for every specialty
 * @param acuity an acuity code, or null for every acuity
 * @param overdueOnly only the cases with a goal past its target date
 */
record CaseloadRequest(String practitioner, String specialty, String acuity, boolean overdueOnly) {

	static final String SPECIALTY = "specialty";

	static final String ACUITY = "acuity";

	static final String OVERDUE_ONLY = "overdue-only";

	/** Parameters HAPI or our other parts read on every request. */
	private static final Set<String> GENERAL = Set.of("_format", "_pretty", "_summary", "_elements");

	private static final Set<String> SPECIALTIES = Set.of("nurse-cm", "medical-cm", "rehab-cm", "clinical-cm",
			"mental-health-cm", "geriatric-cm", "substance-use-cm", "social-work-cm", "child-cm", "juvenile-cm",
			"forensic-cm", "correctional-cm", "legal-cm");

	private static final List<String> ACUITIES = List.of("low", "moderate", "high", "complex");

	/**
	 * Reads the query of a GET, or the query and the Parameters body of a POST; unknown parameters
	 * and values are refused, naming them.
	 */
	static CaseloadRequest of(String practitioner, RequestDetails request) {
		Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameters());
		if (request.getResource() instanceof Parameters body) {
			for (Parameters.ParametersParameterComponent parameter : body.getParameter()) {
				if (!(parameter.getValue() instanceof IPrimitiveType<?> value)) {
					throw new InvalidRequestException("Parameter '" + parameter.getName() + "' of $caseload takes a"
							+ " simple value (valueCode, valueString or valueBoolean)");
				}
				parameters.merge(parameter.getName(), new String[] { value.getValueAsString() }, (known, more) -> {
					String[] both = Arrays.copyOf(known, known.length + more.length);
					System.arraycopy(more, 0, both, known.length, more.length);
					return both;
				});
			}
		}
		for (String name : parameters.keySet()) {
			if (!GENERAL.contains(name) && !Set.of(SPECIALTY, ACUITY, OVERDUE_ONLY).contains(name)) {
				throw new InvalidRequestException("Parameter '" + name + "' is not a parameter of $caseload; it takes "
						+ SPECIALTY + ", " + ACUITY + " and " + OVERDUE_ONLY);
			}
		}
		String specialty = code(parameters, SPECIALTY, CaseFacts.SPECIALTY_SYSTEM);
		if (specialty != null && !SPECIALTIES.contains(specialty)) {
			throw new InvalidRequestException("Parameter 'specialty': '" + specialty + "' is not a code of "
					+ CaseFacts.SPECIALTY_SYSTEM + "; one of " + String.join(", ", SPECIALTIES.stream().sorted().toList()));
		}
		String acuity = code(parameters, ACUITY, CaseFacts.ACUITY_SYSTEM);
		if (acuity != null && !ACUITIES.contains(acuity)) {
			throw new InvalidRequestException("Parameter 'acuity': '" + acuity + "' is not a code of "
					+ CaseFacts.ACUITY_SYSTEM + "; one of " + String.join(", ", ACUITIES));
		}
		String overdue = single(parameters, OVERDUE_ONLY);
		if (overdue != null && !overdue.equals("true") && !overdue.equals("false")) {
			throw new InvalidRequestException("Parameter 'overdue-only' is true or false, not '" + overdue + "'");
		}
		return new CaseloadRequest(practitioner, specialty, acuity, "true".equals(overdue));
	}

	/** A token's code, with or without its system; another system is refused. */
	private static String code(Map<String, String[]> parameters, String name, String system) {
		String value = single(parameters, name);
		if (value == null) {
			return null;
		}
		int bar = value.indexOf('|');
		if (bar >= 0) {
			if (bar > 0 && !value.substring(0, bar).equals(system)) {
				throw new InvalidRequestException("Parameter '" + name + "': codes are of " + system + ", not of "
						+ value.substring(0, bar));
			}
			value = value.substring(bar + 1);
		}
		return value;
	}

	private static String single(Map<String, String[]> parameters, String name) {
		String[] values = parameters.get(name);
		if (values == null || values.length == 0) {
			return null;
		}
		if (values.length > 1 || values[0].contains(",")) {
			throw new InvalidRequestException("Parameter '" + name + "' takes one value");
		}
		return values[0].isBlank() ? null : values[0].trim();
	}

}
