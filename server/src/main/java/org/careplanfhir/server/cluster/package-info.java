/**
 * Cluster mode: several server instances behind a load balancer on one PostgreSQL database and one
 * search engine. What each instance must share with the others lives here: which of them runs the
 * scheduled jobs that must run once (a lease in the database), the counter that tells every
 * instance another one wrote, and the checks that refuse a set-up the instances cannot share.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Cluster", allowedDependencies = { "storage" })
package org.careplanfhir.server.cluster;
