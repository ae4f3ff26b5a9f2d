package org.careplanfhir.server.conformance.compiled;

import java.util.List;
import java.util.Objects;

import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Property;

/**
 * FHIR's two ways for a profile to pin a value: a pattern, which the instance must contain (every
 * element the pattern has, with the same value; every repetition in the pattern matched by one in
 * the instance), and a fixed value, which it must equal.
 */
final class Patterns {

	private Patterns() {
	}

	static boolean matches(Base pattern, Base instance) {
		if (pattern.isPrimitive() || instance.isPrimitive()) {
			return pattern.isPrimitive() && instance.isPrimitive()
					&& Objects.equals(pattern.primitiveValue(), instance.primitiveValue());
		}
		for (Property property : pattern.children()) {
			List<Base> expected = nonEmpty(property.getValues());
			if (expected.isEmpty()) {
				continue;
			}
			Property actualProperty = instance.getNamedProperty(property.getName());
			List<Base> actual = actualProperty == null ? List.of() : nonEmpty(actualProperty.getValues());
			for (Base wanted : expected) {
				if (actual.stream().noneMatch(candidate -> matches(wanted, candidate))) {
					return false;
				}
			}
		}
		return true;
	}

	static boolean equal(Base fixed, Base instance) {
		if (fixed.isPrimitive() || instance.isPrimitive()) {
			return matches(fixed, instance);
		}
		return matches(fixed, instance) && matches(instance, fixed) && sameCounts(fixed, instance);
	}

	private static boolean sameCounts(Base fixed, Base instance) {
		for (Property property : instance.children()) {
			Property other = fixed.getNamedProperty(property.getName());
			int expected = other == null ? 0 : nonEmpty(other.getValues()).size();
			if (nonEmpty(property.getValues()).size() != expected) {
				return false;
			}
		}
		return true;
	}

	static List<Base> nonEmpty(List<Base> values) {
		boolean anyEmpty = false;
		for (Base value : values) {
			if (value == null || value.isEmpty()) {
				anyEmpty = true;
				break;
			}
		}
		return anyEmpty ? values.stream().filter(value -> value != null && !value.isEmpty()).toList() : values;
	}

}
