/**
 * Reference values for app/lib/stats-design.ts, computed once with R 4 (survival 3) and
 * written here; R is not needed to run these tests. The R commands are beside each value.
 */
import { describe, expect, it } from "vitest";
import {
  chiSquarePValue,
  chiSquareTest,
  cumulativeIncidence,
  destinationTest,
  fisherExact2xK,
  holmAdjust,
  normalCdf,
  normalQuantile,
  obrienFlemingSpent,
  powerTwoProportions,
  restrictedMean,
  sampleSizeTwoMeans,
  sampleSizeTwoProportions,
  sequentialBoundaries,
  stratifiedLogRank,
  truncateAt,
  type CompetingObservation,
} from "~/lib/stats-design";
import { logRankTest } from "~/lib/stats";

// R:
//   time   <- c(5,8,12,12,15,20,22,30,30,34,41,45,50,60,75,90, 3,9,14,18,25,28,33,40,47,52,58,66,70,88,95,120)
//   status <- c(1,1,1,0,1,1,0,1,1,1,0,1,1,1,0,1,  1,0,1,1,1,0,1,1,0,1,1,1,0,1,1,0)
//   group  <- c(rep(1,16), rep(0,16))
//   stratum<- c(1,2,1,2,1,1,2,2,1,2,1,2,1,2,1,2, 2,2,1,2,1,2,2,1,2,2,1,2,2,1,2,2)
const time = [5, 8, 12, 12, 15, 20, 22, 30, 30, 34, 41, 45, 50, 60, 75, 90, 3, 9, 14, 18, 25, 28, 33, 40, 47, 52, 58, 66, 70, 88, 95, 120];
const status = [1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0];
const stratum = [1, 2, 1, 2, 1, 1, 2, 2, 1, 2, 1, 2, 1, 2, 1, 2, 2, 2, 1, 2, 1, 2, 2, 1, 2, 2, 1, 2, 2, 1, 2, 2];
const obs = time.map((t, i) => ({ time: t, event: status[i] === 1, stratum: String(stratum[i]) }));
const change = obs.slice(0, 16);
const comparison = obs.slice(16);

describe("normal distribution", () => {
  it("matches R's pnorm and qnorm", () => {
    // R: pnorm(c(1.959963984540054, -3.5, -5, 0.3)); qnorm(c(0.975, 0.8, 1e-6))
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalCdf(-3.5) / 2.32629079035525e-4).toBeCloseTo(1, 9);
    expect(normalCdf(-5) / 2.86651571879194e-7).toBeCloseTo(1, 9);
    expect(normalCdf(0.3)).toBeCloseTo(0.617911422188953, 13);
    expect(normalQuantile(0.975)).toBeCloseTo(1.95996398454005, 12);
    expect(normalQuantile(0.8)).toBeCloseTo(0.841621233572914, 12);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.75342430882289, 10);
  });
  it("chi-square upper tail matches R's pchisq", () => {
    // R: pchisq(7.5, 3, lower.tail = FALSE); pchisq(1.57094144658927, 1, lower.tail = FALSE)
    expect(chiSquarePValue(7.5, 3)).toBeCloseTo(0.0575584519726364, 12);
    expect(chiSquarePValue(1.57094144658927, 1)).toBeCloseTo(0.210070345514735, 12);
  });
});

describe("log-rank and stratified log-rank (R survival::survdiff)", () => {
  it("unstratified: survdiff(Surv(time, status) ~ group) gives chisq 1.57094144658927, O 12, E 9.14509895283419", () => {
    const r = logRankTest(change, comparison);
    expect(r.groupA.observed).toBe(12);
    expect(r.groupA.expected).toBeCloseTo(9.14509895283419, 12);
    expect(r.variance).toBeCloseTo(5.18826465926162, 12);
    expect(r.chiSquare).toBeCloseTo(1.57094144658927, 12);
    // one stratum: the same test
    const one = stratifiedLogRank(
      change.map((o) => ({ ...o, stratum: "all" })),
      comparison.map((o) => ({ ...o, stratum: "all" })),
    );
    expect(one.chiSquare).toBeCloseTo(1.57094144658927, 12);
    expect(one.z).toBeGreaterThan(0); // the change's households leave sooner than expected
  });
  it("stratified: survdiff(Surv(time, status) ~ group + strata(stratum)) gives chisq 1.55670247450227, p 0.212148695305436", () => {
    const r = stratifiedLogRank(change, comparison);
    // R's $obs and $exp, row group = 1, one column per stratum: obs 6 and 6, exp 5.30448995448995 and 3.93151439204071
    expect(r.observedMinusExpected).toBeCloseTo(12 - (5.30448995448995 + 3.93151439204071), 12);
    expect(r.variance).toBeCloseTo(4.9075992988577, 11);
    expect(r.chiSquare).toBeCloseTo(1.55670247450227, 11);
    expect(r.pValue).toBeCloseTo(0.212148695305436, 6);
    expect(r.strata).toBe(2);
  });
});

describe("restricted mean time in TA (R print(survfit, rmean = tau))", () => {
  // R: f <- survfit(Surv(time, status) ~ group); summary(f, rmean = 60)$table[, c("rmean", "se(rmean)")]
  it("to 60 days", () => {
    const a = restrictedMean(change, 60)!;
    const b = restrictedMean(comparison, 60)!;
    expect(a.estimate).toBeCloseTo(35.8304398148148, 10);
    expect(b.estimate).toBeCloseTo(43.8970025510204, 10);
    expect(a.se).toBeCloseTo(5.07827818357346, 8);
    expect(b.se).toBeCloseTo(5.00544628024358, 8);
  });
  it("to 90 days", () => {
    expect(restrictedMean(change, 90)!.estimate).toBeCloseTo(41.2471064814815, 10);
    expect(restrictedMean(change, 90)!.se).toBeCloseTo(7.50793959040257, 8);
    expect(restrictedMean(comparison, 90)!.estimate).toBeCloseTo(54.2796556122449, 10);
    expect(restrictedMean(comparison, 90)!.se).toBeCloseTo(7.92733121873715, 8);
  });
  it("is not given past the group's follow-up", () => {
    expect(
      restrictedMean(
        [
          { time: 10, event: false },
          { time: 5, event: true },
        ],
        30,
      ),
    ).toBeNull();
    expect(restrictedMean([], 30)).toBeNull();
  });
  it("truncating at the horizon does not change it", () => {
    expect(restrictedMean(truncateAt(change, 60), 60)!.estimate).toBeCloseTo(35.8304398148148, 10);
  });
});

describe("cumulative incidence of a breach, leaving TA competing (R survfit, Aalen-Johansen)", () => {
  // R: time  <- c(10,15,20,43,43,44,50,50,52,60,61,70,80,90,100,120)
  //    event <- c(2, 0, 2, 1, 2, 1, 1, 0, 2, 1, 2, 0, 1, 2, 0, 2)
  //    fit <- survfit(Surv(time, factor(event, 0:2, c("censor","breach","left"))) ~ 1)
  //    summary(fit, times = c(30, 45, 56, 90))  # pstate[, 2] and std.err[, 2]
  const t = [10, 15, 20, 43, 43, 44, 50, 50, 52, 60, 61, 70, 80, 90, 100, 120];
  const e = [2, 0, 2, 1, 2, 1, 1, 0, 2, 1, 2, 0, 1, 2, 0, 2];
  const data: CompetingObservation[] = t.map((x, i) => ({ time: x, cause: e[i] as 0 | 1 | 2 }));
  it.each([
    [30, 0, 0],
    [45, 0.133928571428571, 0.0881020068012372],
    [56, 0.200892857142857, 0.1036247787142394],
    [90, 0.370396205357143, 0.1338856784098169],
  ])("by day %i", (day, estimate, se) => {
    const r = cumulativeIncidence(data, day)!;
    expect(r.estimate).toBeCloseTo(estimate, 12);
    expect(r.se).toBeCloseTo(se, 10);
  });
});

describe("tables of destinations (R fisher.test, chisq.test)", () => {
  it("Fisher's exact test, 2 x 4: fisher.test(matrix(c(3,1,0,2, 1,4,3,0), 2, byrow = TRUE)) = 0.0596070596070596", () => {
    expect(
      fisherExact2xK([
        [3, 1, 0, 2],
        [1, 4, 3, 0],
      ]),
    ).toBeCloseTo(0.0596070596070596, 12);
    // fisher.test(matrix(c(3,1,1,3), 2)) = 0.485714285714286
    expect(
      fisherExact2xK([
        [3, 1],
        [1, 3],
      ]),
    ).toBeCloseTo(0.485714285714286, 12);
  });
  it("chi-square, 2 x 4: chisq.test(matrix(c(30,12,8,10, 18,20,15,7), 2, byrow = TRUE), correct = FALSE)", () => {
    const r = chiSquareTest([
      [30, 12, 8, 10],
      [18, 20, 15, 7],
    ])!;
    expect(r.statistic).toBeCloseTo(7.65984654731458, 11);
    expect(r.df).toBe(3);
    expect(r.pValue).toBeCloseTo(0.0535904728426123, 11);
  });
  it("chooses Fisher's test for small expected counts, chi-square otherwise, and drops empty destinations", () => {
    expect(
      destinationTest([
        [3, 1, 0, 2, 0],
        [1, 4, 3, 0, 0],
      ]),
    ).toMatchObject({ method: "fisher", df: 3 });
    expect(
      destinationTest([
        [30, 12, 8, 10],
        [18, 20, 15, 7],
      ]),
    ).toMatchObject({ method: "chi-square", df: 3 });
    expect(
      destinationTest([
        [0, 0],
        [3, 2],
      ]),
    ).toBeNull();
  });
});

describe("O'Brien-Fleming (Lan-DeMets) boundaries", () => {
  it("spends all of alpha by the end and almost none early", () => {
    expect(obrienFlemingSpent(1)).toBe(0.05);
    // R: alpha <- 0.05; 4 * (1 - pnorm(qnorm(1 - alpha/4) / sqrt(c(0.2, 0.6))))
    expect(obrienFlemingSpent(0.2)).toBeCloseTo(1.0777425258901e-6, 15);
    expect(obrienFlemingSpent(0.6)).toBeCloseTo(7.61612662197875e-3, 13);
  });
  it("one look at the end is the fixed test", () => {
    expect(sequentialBoundaries([1])[0]).toBeCloseTo(1.959963984540054, 9);
  });
  it("matches R quadrature for two and three looks", () => {
    // R (adaptive quadrature, integrate + uniroot; /tmp script in the issue 19 notes):
    //   spend <- function(t) 4 * (1 - pnorm(qnorm(1 - 0.05/4) / sqrt(t)))
    //   c1 <- qnorm(1 - spend(t1)/2); c2 solves
    //   integrate(function(z) dnorm(z) * (pnorm((-c2 - r*z)/sqrt(1-r^2)) + pnorm((r*z - c2)/sqrt(1-r^2))), -c1, c1) = spend(t2) - spend(t1)
    const two = sequentialBoundaries([0.5, 1]);
    expect(two[0]).toBeCloseTo(2.96258804272755, 8);
    expect(two[1]).toBeCloseTo(1.96859564059366, 4);
    const early = sequentialBoundaries([0.3, 0.8]);
    expect(early[0]).toBeCloseTo(3.92857254262661, 8);
    expect(early[1]).toBeCloseTo(2.25088076541397, 4);
    const three = sequentialBoundaries([1 / 3, 2 / 3, 1]);
    expect(three[0]).toBeCloseTo(3.7103028732625, 8);
    expect(three[1]).toBeCloseTo(2.51142748126954, 4);
    expect(three[2]).toBeCloseTo(1.99304747761074, 4);
  });
  it("matches the published five-look boundaries", () => {
    // gsDesign(k = 5, test.type = 2, alpha = 0.025, sfu = sfLDOF): 4.877, 3.357, 2.680, 2.290, 2.031
    // (also ldbounds::ldBounds(1:5/5, iuse = 1, alpha = 0.05, sides = 2)); Jennison and Turnbull (2000), ch. 7.
    const five = sequentialBoundaries([0.2, 0.4, 0.6, 0.8, 1]);
    expect(five.map((c) => Number(c.toFixed(3)))).toEqual([4.877, 3.357, 2.68, 2.29, 2.031]);
  });
  it("refuses fractions that do not increase", () => {
    expect(() => sequentialBoundaries([0.5, 0.5])).toThrow(RangeError);
    expect(() => sequentialBoundaries([0])).toThrow(RangeError);
  });
});

describe("Holm and sample sizes (R stats)", () => {
  it("p.adjust(c(0.01, 0.04, 0.03, 0.20), 'holm') = 0.04 0.09 0.09 0.20", () => {
    const r = holmAdjust([0.01, 0.04, 0.03, 0.2]);
    [0.04, 0.09, 0.09, 0.2].forEach((v, i) => expect(r[i]).toBeCloseTo(v, 14));
  });
  it("power.prop.test(p1 = 0.30, p2 = 0.45, power = 0.8)$n = 162.334383006655; with n = 100 the power is 0.592409790138532", () => {
    // R solves for n with uniroot (tolerance about 1e-6); the closed form agrees to that.
    expect(sampleSizeTwoProportions(0.3, 0.45)).toBeCloseTo(162.334383006655, 5);
    expect(powerTwoProportions(100, 0.3, 0.45)).toBeCloseTo(0.592409790138532, 10);
  });
  it("two means, normal approximation: 2 ((z_0.975 + z_0.8) 30 / 10)^2 = 141.27; R's power.t.test (t-based) gives 142.25", () => {
    expect(sampleSizeTwoMeans(10, 30)).toBeCloseTo(2 * ((1.95996398454005 + 0.841621233572914) * 3) ** 2, 9);
    expect(sampleSizeTwoMeans(10, 30)).toBeLessThan(142.246595877127);
    expect(142.246595877127 - sampleSizeTwoMeans(10, 30)).toBeLessThan(1.1);
  });
});
