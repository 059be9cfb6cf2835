package com.basicmemory.bm.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a device's history database directly, as a second, independent view of what bm recorded. */
public final class HistoryDb {
    private HistoryDb() {
    }

    public static List<Map<String, Object>> query(Path home, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("bm.db"));
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new AssertionError("cannot query " + home.resolve("bm.db") + ": " + e.getMessage(), e);
        }
    }

    /** Writes to a device's history database directly (rows that no command writes yet, like version restores). */
    public static int update(Path home, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("bm.db") + "?busy_timeout=5000");
                Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        } catch (SQLException e) {
            throw new AssertionError("cannot update " + home.resolve("bm.db") + ": " + e.getMessage(), e);
        }
    }
}
