import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../support/harness";
import { makeHousehold } from "../../support/factories";
import { decidePersonLink, possibleSamePeople, undecidedPairsFor } from "~/features/households/person-links.server";

let t: TestDatabase;
let officer: number;

beforeAll(async () => {
  t = await createTestDatabase();
  officer = (
    await t.db
      .insertInto("users")
      .values({ email: "o@example.test", name: "Olu Officer", role: "officer", password_hash: "x" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await t?.close();
});

describe("a likely duplicate caught at the door", () => {
  it("finds a member of another household with the same date of birth and the same or a similar name, and no one else", async () => {
    const known = await makeHousehold(t.db, [
      { name: "Abena Mensah-Owusu", dob: "1975-08-05" },
      { name: "Kofi Mensah-Owusu", dob: "2012-03-14", relationship: "child" },
    ]);
    await makeHousehold(t.db, [{ name: "Abena Mensah-Owusu", dob: "1975-08-06" }]); // born a day later: someone else
    const found = await possibleSamePeople(t.db, [
      { name: " abena  MENSAH-OWUSU", dateOfBirth: "1975-08-05" }, // the same name, in other capitals and spaces
      { name: "Kofi Mensah-Owusa", dateOfBirth: "2012-03-14" }, // a similar name
      { name: "Kwame Boateng", dateOfBirth: "2012-03-14" }, // the same birthday, another name
      { name: "No Birthday", dateOfBirth: null },
    ]);
    expect(found.map((f) => [f.index, f.memberName, f.householdId, f.caseRef, f.kind])).toEqual([
      [0, "Abena Mensah-Owusu", known.id, known.case_ref, "same_person"],
      [1, "Kofi Mensah-Owusu", known.id, known.case_ref, "similar_person"],
    ]);
    // A household is not its own duplicate.
    expect(await possibleSamePeople(t.db, [{ name: "Abena Mensah-Owusu", dateOfBirth: "1975-08-05" }], known.id)).toEqual([]);
  });

  it("after registering, offers each pair to decide until it is decided, the same person or not", async () => {
    const known = await makeHousehold(t.db, [{ name: "Zofia Nowakowska", dob: "1988-11-30" }]);
    const again = await makeHousehold(t.db, [
      { name: "Zofia Nowakowska", dob: "1988-11-30" },
      { name: "Zofia Nowakowski", dob: "1988-11-30", relationship: "other_adult" },
    ]);
    const pairs = await undecidedPairsFor(t.db, again.id);
    expect(pairs.map((p) => [p.name, p.memberName, p.householdId, p.kind])).toEqual([
      ["Zofia Nowakowska", "Zofia Nowakowska", known.id, "same_person"],
      ["Zofia Nowakowski", "Zofia Nowakowska", known.id, "similar_person"],
    ]);
    await decidePersonLink(t.db, officer, pairs[0].ownMemberId, pairs[0].memberId, true);
    expect((await undecidedPairsFor(t.db, again.id)).map((p) => p.name)).toEqual(["Zofia Nowakowski"]);
    await decidePersonLink(t.db, officer, pairs[1].memberId, pairs[1].ownMemberId, false);
    expect(await undecidedPairsFor(t.db, again.id)).toEqual([]);
    // The other household sees the decided pairs as decided too.
    expect(await undecidedPairsFor(t.db, known.id)).toEqual([]);
  });
});
