package com.basicmemory.bm.report;

/** Files created, updated and deleted on one side by a run. */
public record Direction(int created, int updated, int deleted) {
    public static final Direction NONE = new Direction(0, 0, 0);

    public Direction plus(Direction o) {
        return new Direction(created + o.created, updated + o.updated, deleted + o.deleted);
    }

    public int total() {
        return created + updated + deleted;
    }
}
