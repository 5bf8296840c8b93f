// The workerd package's main export: the path of the platform's workerd binary.
declare module 'workerd' {
  const binary: string;
  export default binary;
}
