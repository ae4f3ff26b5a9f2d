package org.careplanfhir.server.audit;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringAndListParam;
import ca.uhn.fhir.rest.param.StringOrListParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

/**
 * An AuditEvent search as SQL over {@code cp_audit_event}: every parameter is one condition, the
 * values of one parameter are alternatives (OR), repeated parameters all apply (AND).
 */
final class AuditSearch {

	private final List<String> conditions = new ArrayList<>();

	private final List<Object> arguments = new ArrayList<>();

	private boolean oldestFirst;

	/** Only events about these patients ({@code Patient/1}); no limit when null. */
	AuditSearch confinedTo(Set<String> patients) {
		if (patients != null) {
			conditions.add("patient = ANY (?::text[])");
			arguments.add(patients.toArray(String[]::new));
		}
		return this;
	}

	AuditSearch ids(TokenAndListParam ids) {
		return tokens(ids, token -> {
			try {
				arguments.add(Long.parseLong(token.getValue()));
				return "id = ?";
			}
			catch (NumberFormatException notOurs) {
				return "FALSE";
			}
		});
	}

	AuditSearch patients(ReferenceAndListParam patients) {
		return references(patients, reference -> {
			arguments.add(reference.getResourceType() == null ? "Patient/" + reference.getIdPart()
					: reference.getResourceType() + "/" + reference.getIdPart());
			return "patient = ?";
		});
	}

	AuditSearch agents(ReferenceAndListParam agents) {
		return references(agents, reference -> contains("agents", reference));
	}

	AuditSearch entities(ReferenceAndListParam entities) {
		return references(entities, reference -> contains("entities", reference));
	}

	/** {@code altid}: the token's subject, the account name, or the client id. */
	AuditSearch alternativeIds(TokenAndListParam ids) {
		return tokens(ids, token -> {
			arguments.add(new String[] { token.getValue() });
			return "agents @> ?::text[]";
		});
	}

	AuditSearch types(TokenAndListParam types) {
		return tokens(types, token -> {
			arguments.add(token.getValue());
			if (token.getSystem() == null) {
				return "type_code = ?";
			}
			arguments.add(token.getSystem());
			return "(type_code = ? AND type_system = ?)";
		});
	}

	AuditSearch subtypes(TokenAndListParam subtypes) {
		return tokens(subtypes, token -> {
			arguments.add(new String[] { token.getSystem() == null ? token.getValue()
					: token.getSystem() + "|" + token.getValue() });
			return "subtypes @> ?::text[]";
		});
	}

	AuditSearch outcomes(TokenAndListParam outcomes) {
		return tokens(outcomes, token -> {
			arguments.add(token.getValue());
			return "outcome = ?";
		});
	}

	AuditSearch actions(TokenAndListParam actions) {
		return tokens(actions, token -> {
			arguments.add(token.getValue());
			return "action = ?";
		});
	}

	/** {@code entity-name}: the operation or type a query named; string matching, so a prefix, without case. */
	AuditSearch entityNames(StringAndListParam names) {
		if (names == null) {
			return this;
		}
		for (StringOrListParam any : names.getValuesAsQueryTokens()) {
			List<String> alternatives = new ArrayList<>();
			for (StringParam name : any.getValuesAsQueryTokens()) {
				if (name.isExact()) {
					arguments.add(name.getValue());
					alternatives.add("entity_name = ?");
				}
				else {
					arguments.add(name.getValue().toLowerCase() + "%");
					alternatives.add("lower(entity_name) LIKE ?");
				}
			}
			conditions.add("(" + String.join(" OR ", alternatives) + ")");
		}
		return this;
	}

	AuditSearch recorded(DateRangeParam dates) {
		if (dates == null) {
			return this;
		}
		if (dates.getLowerBoundAsInstant() != null) {
			conditions.add("recorded >= ?");
			arguments.add(new Timestamp(dates.getLowerBoundAsInstant().getTime()));
		}
		if (dates.getUpperBoundAsInstant() != null) {
			conditions.add("recorded <= ?");
			arguments.add(new Timestamp(dates.getUpperBoundAsInstant().getTime()));
		}
		return this;
	}

	AuditSearch sort(SortSpec sort) {
		if (sort == null) {
			return this;
		}
		if (!"date".equals(sort.getParamName()) || sort.getChain() != null) {
			throw new InvalidRequestException("AuditEvent searches sort by date only (_sort=date or _sort=-date), not by '"
					+ sort.getParamName() + "'");
		}
		oldestFirst = sort.getOrder() != SortOrderEnum.DESC;
		return this;
	}

	String where() {
		return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
	}

	/** Newest first unless asked otherwise: an auditor's first question is what happened last. */
	String orderBy() {
		return oldestFirst ? " ORDER BY recorded, id" : " ORDER BY recorded DESC, id DESC";
	}

	List<Object> arguments() {
		return arguments;
	}

	private String contains(String column, ReferenceParam reference) {
		if (reference.getResourceType() != null) {
			arguments.add(new String[] { reference.getResourceType() + "/" + reference.getIdPart() });
			return column + " @> ?::text[]";
		}
		arguments.add("%/" + reference.getIdPart());
		return "EXISTS (SELECT 1 FROM unnest(" + column + ") AS one WHERE one LIKE ?)";
	}

	private AuditSearch references(ReferenceAndListParam all, Function<ReferenceParam, String> condition) {
		if (all == null) {
			return this;
		}
		for (ReferenceOrListParam any : all.getValuesAsQueryTokens()) {
			List<String> alternatives = new ArrayList<>();
			for (ReferenceParam reference : any.getValuesAsQueryTokens()) {
				if (reference.getChain() != null || reference.getIdPart() == null) {
					throw new InvalidRequestException("AuditEvent searches take plain references ([type]/[id]), not chains");
				}
				alternatives.add(condition.apply(reference));
			}
			conditions.add("(" + String.join(" OR ", alternatives) + ")");
		}
		return this;
	}

	private AuditSearch tokens(TokenAndListParam all, Function<TokenParam, String> condition) {
		if (all == null) {
			return this;
		}
		for (TokenOrListParam any : all.getValuesAsQueryTokens()) {
			List<String> alternatives = new ArrayList<>();
			for (TokenParam token : any.getValuesAsQueryTokens()) {
				if (token.getModifier() != null || token.getValue() == null) {
					throw new InvalidRequestException("AuditEvent searches take plain tokens ([system]|[code] or [code])");
				}
				alternatives.add(condition.apply(token));
			}
			conditions.add("(" + String.join(" OR ", alternatives) + ")");
		}
		return this;
	}

}
