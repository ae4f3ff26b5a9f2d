package org.careplanfhir.server.bulk;

import java.util.ArrayList;
import java.util.List;

/** Narrowing an export's {@code _typeFilter}s ({@code CarePlan?status=active}) one type at a time. */
final class TypeFilters {

	private TypeFilters() {
	}

	/**
	 * The filters with this type's held to one of the conditions: each of the type's own filters
	 * AND-ed with each condition, or, when it has none, one filter per condition. Conditions are
	 * OR-ed, as a type's filters are.
	 */
	static List<String> and(List<String> filters, String type, List<String> conditions) {
		String prefix = type + "?";
		List<String> own = filters.stream().filter(filter -> filter.startsWith(prefix)).toList();
		List<String> narrowed = new ArrayList<>(filters);
		narrowed.removeAll(own);
		for (String condition : conditions) {
			if (own.isEmpty()) {
				narrowed.add(prefix + condition);
			}
			else {
				own.forEach(filter -> narrowed.add(filter + "&" + condition));
			}
		}
		return narrowed;
	}

}
