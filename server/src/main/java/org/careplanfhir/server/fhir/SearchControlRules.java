package org.careplanfhir.server.fhir;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry.SearchParamLookupContextEnum;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * Search control parameters and modifiers that HAPI ignores, misreads or fails on with a 500 are a
 * 400 here, naming the parameter: {@code _count=-1}, {@code _offset=-1}, {@code _sort=},
 * {@code _summary=foo}, {@code _total=foo}, {@code :missing=maybe}, a modifier the parameter's type
 * does not have ({@code gender:bogus}), a number too large for any stored value
 * ({@code value-quantity=1e99999}), a {@code near} that is not coordinates, and, on any request, a
 * parameter value with a control character (PostgreSQL cannot even hold U+0000). {@code _filter} is
 * refused: it is on only for the compartment searches the server writes ({@link CompartmentSearches}).
 */
@Component
@Interceptor
class SearchControlRules implements FhirServerCustomizer {

	private static final Set<String> SUMMARY = Set.of("true", "false", "text", "data", "count");

	private static final Set<String> TOTAL = Set.of("none", "estimate", "accurate");

	private static final Set<String> CONTAINED = Set.of("true", "false", "both");

	private static final Set<String> CONTAINED_TYPE = Set.of("container", "contained");

	private static final Pattern PREFIX = Pattern.compile("^(eq|ne|gt|lt|ge|le|sa|eb|ap)");

	// A number search value further from 1 than this has no stored counterpart; PostgreSQL would fail on it.
	private static final int MAX_DECIMAL_EXPONENT = 300;

	private final ISearchParamRegistry searchParameters;

	private final Set<String> resourceTypes;

	SearchControlRules(ISearchParamRegistry searchParameters, FhirContext fhirContext) {
		this.searchParameters = searchParameters;
		this.resourceTypes = fhirContext.getResourceTypes();
	}

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = RequestPipeline.REQUEST_SHAPE)
	public void check(RequestDetails request, RestOperationTypeEnum operation) {
		if (request.isSubRequest() && operation == RestOperationTypeEnum.TRANSACTION) {
			return;
		}
		for (Map.Entry<String, String[]> parameter : request.getParameters().entrySet()) {
			for (String value : parameter.getValue()) {
				requireNoControlCharacters(parameter.getKey(), value);
			}
		}
		// HAPI's _filter is on only for the compartment searches the server writes itself.
		if (request.getParameters().containsKey(Constants.PARAM_FILTER) && request.getUserData().get(CompartmentSearches.OWNER) == null) {
			throw new InvalidRequestException("The _filter parameter is not supported by this server; use the search parameters the CapabilityStatement lists");
		}
		if (operation != RestOperationTypeEnum.SEARCH_TYPE && operation != RestOperationTypeEnum.SEARCH_SYSTEM) {
			return;
		}
		for (Map.Entry<String, String[]> parameter : request.getParameters().entrySet()) {
			String name = parameter.getKey();
			for (String value : parameter.getValue()) {
				checkControl(name, value);
				if (!name.startsWith("_") && request.getResourceName() != null) {
					checkParameter(request.getResourceName(), name, value);
				}
			}
		}
	}

	private static void requireNoControlCharacters(String name, String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c == 0x7f) {
				throw new InvalidRequestException(String.format(
						"The value of parameter '%s' holds the control character U+%04X, which no search value may contain",
						ETags.abbreviated(name), (int) c));
			}
		}
	}

	private static void checkControl(String name, String value) {
		switch (name) {
			case "_count", "_offset" -> {
				if (!value.matches("[0-9]{1,9}")) {
					throw invalid(name, value, "a whole number, 0 or more");
				}
			}
			case "_sort" -> {
				for (String key : value.split(",", -1)) {
					String field = key.startsWith("-") ? key.substring(1) : key;
					if (field.isBlank()) {
						throw invalid(name, value, "a comma-separated list of search parameter names, each optionally prefixed by '-'");
					}
				}
			}
			case "_summary" -> oneOf(name, value, SUMMARY);
			case "_total" -> oneOf(name, value, TOTAL);
			case "_contained" -> oneOf(name, value, CONTAINED);
			case "_containedType" -> oneOf(name, value, CONTAINED_TYPE);
			default -> {
				if (name.endsWith(":missing") && !value.equals("true") && !value.equals("false")) {
					throw invalid(name, value, "true or false");
				}
			}
		}
	}

	private void checkParameter(String resourceType, String name, String value) {
		int colon = name.indexOf(':');
		int dot = name.indexOf('.');
		String base = name.substring(0, colon >= 0 ? colon : dot >= 0 ? dot : name.length());
		RuntimeSearchParam definition = searchParameters.getActiveSearchParam(resourceType, base,
				SearchParamLookupContextEnum.SEARCH);
		if (definition == null) {
			return; // HAPI answers an unknown parameter with its own 400.
		}
		if (colon >= 0) {
			int end = dot > colon ? dot : name.length();
			checkModifier(name, definition.getParamType(), name.substring(colon + 1, end));
		}
		if (dot < 0 && (definition.getParamType() == RestSearchParameterTypeEnum.NUMBER
				|| definition.getParamType() == RestSearchParameterTypeEnum.QUANTITY) && !name.endsWith(":missing")) {
			for (String item : value.split(",")) {
				checkNumber(name, item);
			}
		}
		if ("near".equals(base) && definition.getParamType() == RestSearchParameterTypeEnum.SPECIAL
				&& !value.matches("-?[0-9.]+\\|-?[0-9.]+(\\|[0-9.]+(\\|.+)?)?")) {
			throw invalid(name, value, "latitude|longitude, optionally followed by |distance and |units");
		}
	}

	private void checkModifier(String name, RestSearchParameterTypeEnum type, String modifier) {
		if (modifier.equals("missing")) {
			return;
		}
		Set<String> allowed = switch (type) {
			case STRING -> Set.of("exact", "contains", "text");
			case TOKEN -> Set.of("text", "not", "above", "below", "in", "not-in", "of-type", "code-text", "text-advanced");
			case REFERENCE -> Set.of("identifier", "above", "below", "mdm");
			case URI -> Set.of("above", "below", "contains");
			default -> Set.of();
		};
		if (!allowed.contains(modifier) && !(type == RestSearchParameterTypeEnum.REFERENCE && resourceTypes.contains(modifier))) {
			throw new InvalidRequestException("The modifier ':" + ETags.abbreviated(modifier) + "' in '" + ETags.abbreviated(name)
					+ "' does not apply to a " + type.getCode() + " search parameter; it takes :missing"
					+ (allowed.isEmpty() ? "" : " and :" + String.join(", :", allowed.stream().sorted().toList()))
					+ (type == RestSearchParameterTypeEnum.REFERENCE ? " and a resource type" : ""));
		}
	}

	private static void checkNumber(String name, String item) {
		String number = PREFIX.matcher(item).replaceFirst("");
		int bar = number.indexOf('|');
		if (bar >= 0) {
			number = number.substring(0, bar);
		}
		try {
			BigDecimal decimal = new BigDecimal(number);
			int exponent = decimal.precision() - decimal.scale() - 1;
			if (Math.abs(exponent) > MAX_DECIMAL_EXPONENT && decimal.signum() != 0) {
				throw invalid(name, item, "a number between 1e-" + MAX_DECIMAL_EXPONENT + " and 1e" + MAX_DECIMAL_EXPONENT);
			}
		}
		catch (NumberFormatException notANumber) {
			throw invalid(name, item, "a number, optionally prefixed (ge, lt…)");
		}
	}

	private static void oneOf(String name, String value, Set<String> allowed) {
		if (!allowed.contains(value)) {
			throw invalid(name, value, "one of " + String.join(", ", allowed.stream().sorted().toList()));
		}
	}

	private static InvalidRequestException invalid(String name, String value, String expected) {
		return new InvalidRequestException("The parameter " + ETags.abbreviated(name) + "='" + ETags.abbreviated(value)
				+ "' is not valid: it takes " + expected);
	}

}
