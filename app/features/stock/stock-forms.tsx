/** The provider, property and unit forms, shared by the add and edit pages. */
import { Form } from "@remix-run/react";
import { Button, DateInput, Input, Radios, Select } from "~/lib/components/govuk";
import { PROVIDER_TYPES } from "~/lib/vocabulary";

type V = Record<string, string | undefined>;
type E = Record<string, string | undefined> | undefined;
const yesNo = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];

export function ProviderForm({ v, e, submit }: { v: V; e: E; submit: string }) {
  return (
    <Form method="post" noValidate>
      <Input name="name" label="Name" defaultValue={v.name} error={e?.name} />
      <Radios
        name="providerType"
        legend="Type of provider"
        defaultValue={v.providerType}
        error={e?.providerType}
        hint="Accommodation managed by a council, housing association or charity is never B&B under the 2003 Order"
        choices={Object.entries(PROVIDER_TYPES).map(([value, label]) => ({ value, label }))}
      />
      <Input name="email" label="Email address (optional)" type="email" spellCheck={false} defaultValue={v.email} error={e?.email} />
      <Input name="phone" label="Phone number (optional)" type="tel" width="20" defaultValue={v.phone} error={e?.phone} />
      <Button>{submit}</Button>
    </Form>
  );
}

export function PropertyForm({ v, e, submit, providers }: { v: V; e: E; submit: string; providers: { id: number; name: string }[] }) {
  return (
    <Form method="post" noValidate>
      <Select
        name="providerId"
        label="Provider"
        defaultValue={v.providerId}
        error={e?.providerId}
        options={[{ value: "", label: "Choose a provider" }, ...providers.map((p) => ({ value: String(p.id), label: p.name }))]}
      />
      <Input name="name" label="Property name" defaultValue={v.name} error={e?.name} />
      <Input name="addressLine1" label="Address line 1" autoComplete="off" defaultValue={v.addressLine1} error={e?.addressLine1} />
      <Input name="town" label="Town or city" width="20" defaultValue={v.town} error={e?.town} />
      <Input name="postcode" label="Postcode" width="10" defaultValue={v.postcode} error={e?.postcode} />
      <Input
        name="districtGss"
        label="Local authority district (GSS code)"
        hint="For example E08000012. Decides whether a placement is out of district"
        width="10"
        spellCheck={false}
        defaultValue={v.districtGss}
        error={e?.districtGss}
      />
      <Input
        name="brma"
        label="Broad rental market area (optional)"
        hint="For housing benefit subsidy estimates"
        defaultValue={v.brma}
        error={e?.brma}
      />
      <Button>{submit}</Button>
    </Form>
  );
}

export function UnitForm({
  v,
  e,
  submit,
  taTypes,
  properties,
}: {
  v: V;
  e: E;
  submit: string;
  taTypes: { code: string; name: string }[];
  properties: { id: number; name: string }[];
}) {
  return (
    <Form method="post" noValidate>
      <Select
        name="propertyId"
        label="Property"
        defaultValue={v.propertyId}
        error={e?.propertyId}
        options={[{ value: "", label: "Choose a property" }, ...properties.map((p) => ({ value: String(p.id), label: p.name }))]}
      />
      <Input
        name="unitRef"
        label="Unit reference"
        hint="Unique across the council's stock"
        width="20"
        spellCheck={false}
        defaultValue={v.unitRef}
        error={e?.unitRef}
      />
      <Input name="name" label="Name or room number (optional)" width="20" defaultValue={v.name} error={e?.name} />
      <Radios
        name="taTypeCode"
        legend="Type of accommodation"
        defaultValue={v.taTypeCode}
        error={e?.taTypeCode}
        choices={taTypes.map((t) => ({ value: t.code, label: t.name }))}
      />
      <Input
        name="bedrooms"
        label="Bedrooms"
        hint="0 for a studio or bedsit"
        width="2"
        inputMode="numeric"
        defaultValue={v.bedrooms}
        error={e?.bedrooms}
      />
      <Input
        name="maxOccupants"
        label="Maximum number of people"
        width="2"
        inputMode="numeric"
        defaultValue={v.maxOccupants}
        error={e?.maxOccupants}
      />
      <Radios
        name="sharedKitchen"
        legend="Is the kitchen shared with another household?"
        inline
        small
        defaultValue={v.sharedKitchen}
        error={e?.sharedKitchen}
        choices={yesNo}
      />
      <Radios
        name="sharedBathroom"
        legend="Is the bathroom shared with another household?"
        inline
        small
        defaultValue={v.sharedBathroom}
        error={e?.sharedBathroom}
        choices={yesNo}
      />
      <Radios
        name="sharedToilet"
        legend="Is the toilet shared with another household?"
        inline
        small
        defaultValue={v.sharedToilet}
        error={e?.sharedToilet}
        choices={yesNo}
      />
      <Radios
        name="stepFree"
        legend="Does the unit have step-free access?"
        inline
        small
        defaultValue={v.stepFree}
        error={e?.stepFree}
        choices={yesNo}
      />
      <DateInput
        name="inUseFrom"
        legend="Date the unit comes into use (optional)"
        error={e?.inUseFrom}
        value={{ day: v["inUseFrom-day"] ?? "", month: v["inUseFrom-month"] ?? "", year: v["inUseFrom-year"] ?? "" }}
      />
      <Button>{submit}</Button>
    </Form>
  );
}
