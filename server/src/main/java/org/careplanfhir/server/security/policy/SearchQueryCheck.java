package org.careplanfhir.server.security.policy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry.SearchParamLookupContextEnum;

import org.springframework.stereotype.Component;

/**
 * Checks a search query written for one type, such as a granular scope's
 * {@code category=http://...|assess-plan} or a bulk export's {@code _typeFilter}: every part is
 * {@code name=value}, and every name (before its modifier or chain) is a search parameter of that
 * type. What would otherwise fail later, when the query runs (a token granted with a filter no
 * search understands, an export that fails at polling), is refused when it is asked.
 */
@Component
public class SearchQueryCheck {

	/** Parameters every type is searched by. */
	private static final Set<String> COMMON = Set.of("_id", "_lastUpdated", "_tag", "_profile", "_security", "_source");

	private final FhirContext fhirContext;

	private final ISearchParamRegistry searchParams;

	SearchQueryCheck(FhirContext fhirContext, ISearchParamRegistry searchParams) {
		this.fhirContext = fhirContext;
		this.searchParams = searchParams;
	}

	/** Whether the name is a resource type of this server's FHIR version. */
	public boolean isResourceType(String type) {
		return type != null && fhirContext.getResourceTypes().contains(type);
	}

	/** What is wrong with this query on this type, or empty when nothing is. */
	public Optional<String> problemWith(String type, String query) {
		if (!isResourceType(type)) {
			return Optional.of("'" + type + "' is not a resource type");
		}
		if (query == null || query.isBlank()) {
			return Optional.of("the query on " + type + " is empty");
		}
		for (String part : query.split("&")) {
			int equals = part.indexOf('=');
			if (equals <= 0 || equals == part.length() - 1) {
				return Optional.of("'" + part + "' is not of the form name=value");
			}
			String name;
			try {
				name = URLDecoder.decode(part.substring(0, equals), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException badEscape) {
				return Optional.of("'" + part + "' is not URL-encoded correctly");
			}
			String base = name.split("[:.]", 2)[0];
			if (!COMMON.contains(base) && searchParams.getActiveSearchParam(type, base,
					SearchParamLookupContextEnum.SEARCH) == null) {
				return Optional.of("'" + base + "' is not a search parameter of " + type);
			}
		}
		return Optional.empty();
	}

}
