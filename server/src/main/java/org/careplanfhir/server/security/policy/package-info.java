/**
 * The access-policy SPI: what other capabilities use to declare what their operations and data
 * paths require ({@link org.careplanfhir.server.security.policy.AccessPolicy}), to read what the
 * caller's token allows ({@link org.careplanfhir.server.security.policy.FhirAccess}), and to read
 * stored data with the caller's rights ({@link org.careplanfhir.server.security.policy.CallerRights}).
 */
@org.springframework.modulith.NamedInterface("policy")
package org.careplanfhir.server.security.policy;
