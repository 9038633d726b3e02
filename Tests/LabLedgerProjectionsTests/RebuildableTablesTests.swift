import PostgresNIO
import Testing
import TestSupport

/// A rebuild swaps a projection's tables by dropping the live ones (`projection_swap_rebuild`):
/// nothing in the schema may depend on them, or every rebuild of that projection fails.
@Suite struct RebuildableTablesTests {
    @Test func noViewOrRuleDependsOnAReadModelTable() async throws {
        let database = try await TestDatabase.make("rebuildable")
        let dependents = try await database.withConnection(as: database.provisioned.superuser) { connection in
            let rows = try await connection.query("""
                SELECT DISTINCT t.table_name || ' <- ' || v.relname
                FROM projection_tables t
                JOIN pg_depend d ON d.refobjid = t.table_name::regclass
                JOIN pg_rewrite r ON r.oid = d.objid
                JOIN pg_class v ON v.oid = r.ev_class
                WHERE v.oid <> t.table_name::regclass
                ORDER BY 1
                """, logger: TestCluster.logger)
            var found: [String] = []
            for try await name in rows.decode(String.self) { found.append(name) }
            return found
        }
        #expect(dependents.isEmpty, "read-model tables a view depends on: \(dependents)")
        // The check can fail: a view on one of them is found.
        let probe = try await database.withConnection(as: database.provisioned.superuser) { connection in
            try await connection.query("CREATE VIEW probe_view AS SELECT * FROM placement_internships", logger: TestCluster.logger)
            let rows = try await connection.query("""
                SELECT count(*)::int FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
                WHERE d.refobjid = 'placement_internships'::regclass AND r.ev_class = 'probe_view'::regclass
                """, logger: TestCluster.logger)
            for try await count in rows.decode(Int.self) { return count }
            return 0
        }
        #expect(probe > 0)
    }
}
